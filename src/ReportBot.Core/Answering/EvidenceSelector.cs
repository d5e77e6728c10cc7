using ReportBot.Core.Claims;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>A sentence of a retrieved chunk, scored against the question.</summary>
public sealed record ScoredSentence(
    ChunkPayload Chunk,
    int Start,
    int End,
    string Text,
    double Score,
    double Coverage,
    int ChunkRank,
    IReadOnlyList<Quantity> FocusQuantities)
{
    public string ReportId => Chunk.ReportId;
    public bool IsHeadline => Chunk.IsHeadline;
}

/// <summary>
/// Scores every sentence of the retrieved chunks and picks the evidence an answer quotes.
/// <para>Coverage: the IDF-weighted share of the question's content terms that the sentence contains, a term counting
/// as partly present when a word of the sentence is close to it in the word-vector space (soldiers ≈ troops).
/// The score adds a bonus when the sentence holds the kind of answer asked for (a figure for the thing counted,
/// a date, a named source or place) and a little for the chunk's retrieval rank.</para>
/// </summary>
public sealed class EvidenceSelector(QueryExpander expander)
{
    public IReadOnlyList<ScoredSentence> Score(AnalyzedQuestion question, IReadOnlyList<Term> context, IReadOnlyList<ScoredChunk> chunks, CorpusSnapshot snapshot)
    {
        var stats = snapshot.Statistics;
        var qTerms = question.Terms.GroupBy(t => t.Stem).Select(g => g.First()).ToList();
        var weights = qTerms.Select(t => stats.ChunkCount == 0 ? 1.0 : stats.Idf(t.Stem)).ToArray();
        var total = weights.Sum();
        var ctxTerms = context.Where(c => qTerms.All(q => q.Stem != c.Stem)).GroupBy(t => t.Stem).Select(g => g.First()).ToList();
        var focusWord = question.Focus is null ? null : qTerms.FirstOrDefault(t => t.Stem == question.Focus).Word ?? question.Focus;
        var dates = DateRanks(snapshot);
        var results = new List<ScoredSentence>();
        for (var rank = 0; rank < chunks.Count; rank++)
        {
            var chunk = chunks[rank].Payload;
            foreach (var span in SentenceSplitter.Split(chunk.Text, new TextSpan(0, chunk.Text.Length)))
            {
                var text = span.Of(chunk.Text);
                var terms = Terms.Of(text);
                var stems = terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
                double covered = 0;
                for (var i = 0; i < qTerms.Count; i++) covered += weights[i] * Match(qTerms[i], stems, terms);
                var coverage = total == 0 ? 0 : covered / total;
                double ctx = 0;
                foreach (var c in ctxTerms) ctx += Match(c, stems, terms);
                if (ctxTerms.Count > 0) ctx /= ctxTerms.Count;

                var focus = question.Type == QuestionType.Quantity && focusWord is not null
                    ? QuantityExtractor.Extract(text).Where(q => MatchesFocus(q, question.Focus!, focusWord)).ToList()
                    : [];
                var score = coverage + 0.15 * ctx + TypeBonus(question, text, focus) + 0.08 / (1 + rank);
                if (chunk.IsHeadline) score -= 0.05;
                if (dates.TryGetValue(chunk.ReportId, out var dateRank))
                {
                    if (question.PrefersNewest) score += 0.15 * dateRank;
                    if (question.PrefersOldest) score += 0.15 * (1 - dateRank);
                }
                results.Add(new ScoredSentence(chunk, chunk.Start + span.Start, chunk.Start + span.End, text, score, coverage + 0.15 * ctx, rank, focus));
            }
        }
        return results.OrderByDescending(r => r.Score).ToList();
    }

    /// <summary>Picks up to <paramref name="max"/> sentences: the best first, then other reports before second sentences of a report.</summary>
    public static IReadOnlyList<ScoredSentence> Pick(IReadOnlyList<ScoredSentence> scored, AnalyzedQuestion question, int max, double minCoverage)
    {
        var eligible = scored.Where(s => question.Type != QuestionType.Quantity || s.FocusQuantities.Count > 0).ToList();
        if (eligible.Count == 0 || eligible[0].Coverage < minCoverage) return [];
        var best = eligible[0];
        var floor = Math.Max(minCoverage * 0.75, best.Coverage - 0.3);
        var candidates = eligible.Where(s => s.Coverage >= floor && s.Score >= best.Score - 0.35).ToList();
        var picked = new List<ScoredSentence>();
        foreach (var pass in new[] { 1, 2 })
            foreach (var s in candidates)
            {
                if (picked.Count >= max) break;
                if (picked.Contains(s) || picked.Any(p => p.ReportId == s.ReportId && p.Text == s.Text)) continue;
                if (picked.Count(p => p.ReportId == s.ReportId) >= pass) continue;
                picked.Add(s);
            }
        return picked;
    }

    private double Match(Term q, HashSet<string> stems, List<Term> sentenceTerms)
    {
        if (stems.Contains(q.Stem)) return 1;
        if (q.IsNumber) return 0;
        double best = 0;
        foreach (var t in sentenceTerms)
        {
            if (t.IsNumber) continue;
            var sim = expander.Similarity(q.Word, t.Word);
            if (sim > best) best = sim;
        }
        return best >= QueryExpander.MinSimilarity ? best * 0.85 : 0;
    }

    private bool MatchesFocus(Quantity q, string focusStem, string focusWord)
    {
        if (q.UnitStem == focusStem) return true;
        if (q.Unit is not null && expander.Similarity(q.Unit, focusWord) >= QueryExpander.MinSimilarity) return true;
        return q.Unit is null && q.Following.Contains(focusStem);
    }

    private static double TypeBonus(AnalyzedQuestion q, string text, IReadOnlyList<Quantity> focus) => q.Type switch
    {
        QuestionType.Quantity => focus.Count > 0 ? 0.35 : QuantityExtractor.Extract(text).Count > 0 ? 0.02 : -0.2,
        QuestionType.Time => TimeScope.HasDateExpression(text) ? 0.2 : -0.1,
        QuestionType.Agent => AttributionFinder.Find(text) is not null ? 0.15 : 0,
        QuestionType.Place or QuestionType.Entity => HasNewName(text, q) ? 0.1 : 0,
        _ => 0,
    };

    private static bool HasNewName(string text, AnalyzedQuestion q)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 1; i < words.Length; i++)
        {
            var w = words[i].Trim(',', '.', ';', ':', '"', '“', '”', '(', ')');
            if (w.Length > 1 && char.IsUpper(w[0]) && q.Terms.All(t => !string.Equals(t.Word, w, StringComparison.OrdinalIgnoreCase))) return true;
        }
        return false;
    }

    /// <summary>Each dated report's position between the oldest (0) and newest (1) report.</summary>
    private static Dictionary<string, double> DateRanks(CorpusSnapshot snapshot)
    {
        var dated = snapshot.Reports.Where(r => r.Report.Metadata.Published is not null)
            .OrderBy(r => r.Report.Metadata.Published, StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < dated.Count; i++) result[dated[i].Report.Id] = dated.Count == 1 ? 1 : (double)i / (dated.Count - 1);
        return result;
    }
}
