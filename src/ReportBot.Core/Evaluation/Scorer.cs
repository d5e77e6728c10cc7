using System.Text.RegularExpressions;
using ReportBot.Core.Answering;
using ReportBot.Core.Text;

namespace ReportBot.Core.Evaluation;

/// <summary>Every metric of one answered question (null where the metric does not apply).</summary>
public sealed record QuestionScore(
    double? Facts,
    double? SourceRecall,
    double? RetrievalRecall,
    double? ReciprocalRank,
    double CitationValidity,
    double? CitationSupport,
    bool? ConflictFlagged,
    bool? FalseConflict,
    bool AbstentionCorrect,
    IReadOnlyList<string> Failures);

/// <summary>
/// Scores an answer against its question (no language model):
/// facts = share of expected facts with an alternative in the answer (case-insensitive, whitespace-normalised);
/// source recall = share of expected sources cited; retrieval recall@k and reciprocal rank over the retrieved passages;
/// citation validity = share of citations whose quote is exactly the report text at its offsets and whose [n] resolves;
/// citation support = share of answer sentences whose cited quotes support them (see <see cref="Supports"/>);
/// disagreement recall (expected conflict flagged with every side) and precision (no flag where none is expected);
/// abstention correct = declined exactly when the question is unanswerable.
/// </summary>
public static partial class Scorer
{
    /// <summary>Passages counted for retrieval recall@k.</summary>
    public const int K = 10;

    public static QuestionScore Score(EvalQuestion q, AnswerResult a, Func<string, string?> reportText)
    {
        var failures = new List<string>();
        var answer = Normalize(a.Answer);

        double? facts = null;
        if (q.Answerable && q.Facts.Count > 0)
        {
            var hit = q.Facts.Count(f => f.Any(alt => answer.Contains(Normalize(alt), StringComparison.Ordinal)));
            facts = (double)hit / q.Facts.Count;
            foreach (var f in q.Facts.Where(f => !f.Any(alt => answer.Contains(Normalize(alt), StringComparison.Ordinal))))
                failures.Add($"missing fact {string.Join(" / ", f)}");
        }

        double? sourceRecall = null, retrievalRecall = null, rr = null;
        if (q.Answerable && q.Sources.Count > 0)
        {
            var cited = a.Citations.Select(c => c.ReportId).ToHashSet(StringComparer.Ordinal);
            sourceRecall = (double)q.Sources.Count(cited.Contains) / q.Sources.Count;
            var top = a.Retrieved.Take(K).Select(r => r.ReportId).ToList();
            retrievalRecall = (double)q.Sources.Count(top.Contains) / q.Sources.Count;
            var first = a.Retrieved.Select((r, i) => (r, i)).FirstOrDefault(x => q.Sources.Contains(x.r.ReportId));
            rr = first.r is null ? 0 : 1.0 / (first.i + 1);
            if (!q.Sources.Any(cited.Contains)) failures.Add("no expected source cited");
        }

        var markers = Markers().Matches(a.Answer).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
        var valid = 0;
        foreach (var c in a.Citations)
        {
            var text = reportText(c.ReportId);
            if (text is not null && c.Start >= 0 && c.End <= text.Length && c.Start < c.End && text[c.Start..c.End] == c.Quote) valid++;
            else failures.Add($"citation [{c.N}] is not verbatim at its offsets");
        }
        var unresolved = markers.Count(m => a.Citations.All(c => c.N != m));
        if (unresolved > 0) failures.Add($"{unresolved} [n] marker(s) resolve to no citation");
        var validity = a.Citations.Count + unresolved == 0 ? 1 : (double)valid / (a.Citations.Count + unresolved);

        double? support = null;
        if (a.Answerable && a.Citations.Count > 0)
        {
            var sentences = AnswerSentences(a.Answer);
            if (sentences.Count > 0)
            {
                var supported = sentences.Count(s =>
                {
                    var ns = Markers().Matches(s).Select(m => int.Parse(m.Groups[1].Value)).ToList();
                    var cited = a.Citations.Where(c => ns.Contains(c.N)).ToList();
                    return cited.Count > 0 && Supports(Markers().Replace(s, ""), cited);
                });
                support = (double)supported / sentences.Count;
                if (support < 1) failures.Add($"{sentences.Count - supported} of {sentences.Count} answer sentences lack a supporting citation");
            }
        }

        bool? flagged = null, falseConflict = null;
        if (q.Conflict)
        {
            var text = Normalize(string.Join(" ", a.Disagreements.Select(d => d.Summary + " " + string.Join(" ", d.Claims.Select(c => c.Value + " " + c.Statement)))));
            flagged = a.Disagreements.Count > 0 && q.ConflictValues.All(side => side.Any(v => text.Contains(Normalize(v), StringComparison.Ordinal)));
            if (flagged == false) failures.Add(a.Disagreements.Count == 0 ? "expected disagreement not flagged" : "disagreement flagged without every side");
        }
        else if (q.Answerable)
        {
            falseConflict = a.Disagreements.Count > 0;
            if (falseConflict == true) failures.Add($"disagreement flagged where none is expected: {a.Disagreements[0].Topic}");
        }

        var abstention = a.Answerable == q.Answerable && (q.Answerable || a.Citations.Count == 0);
        if (!abstention) failures.Add(q.Answerable ? "declined an answerable question" : "answered an unanswerable question");
        return new QuestionScore(facts, sourceRecall, retrievalRecall, rr, validity, support, flagged, falseConflict, abstention, failures);
    }

    /// <summary>
    /// Lexical support: the content terms (stems, numbers included) of an answer sentence are supported when at least
    /// 60% of them occur in its cited quotes and every number it states occurs in them. Naming a cited report (its
    /// publisher, title or date) needs no further support. A sentence that only quotes is supported.
    /// </summary>
    public static bool Supports(string sentence, IReadOnlyList<Citation> cited)
    {
        var quoteTerms = cited.SelectMany(c => Terms.Of($"{c.Quote} {c.Publisher} {c.Title} {c.Published}")).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        var terms = Terms.Of(sentence).Where(t => !Scaffold.Contains(t.Word)).ToList();
        if (terms.Count == 0) return true;
        if (terms.Where(t => t.IsNumber).Any(t => !quoteTerms.Contains(t.Stem))) return false;
        return terms.Count(t => quoteTerms.Contains(t.Stem)) >= 0.6 * terms.Count;
    }

    /// <summary>Words of the answer's own framing ("the reports give different figures") that need no citation.</summary>
    private static readonly HashSet<string> Scaffold = new(StringComparer.Ordinal)
    { "reports", "report", "give", "different", "figures", "figure", "put", "disagree", "sources", "source", "newer", "older", "revises", "earlier",
      "additions", "addition", "reported", "cover", "periods", "citing", "according", "gives", "other", "number", "conflict", "changed", "between", "within", "even", "newest", "figures", "count" };

    /// <summary>Sentences of the answer that carry a claim: lines and sentences with at least one content word outside quotes' labels.</summary>
    public static List<string> AnswerSentences(string answer)
    {
        var list = new List<string>();
        foreach (var line in answer.Split('\n'))
        {
            var l = line.Trim().TrimStart('-', '*', ' ').Trim();
            if (l.Length == 0 || l.EndsWith(':')) continue;
            // A sentence without a marker belongs with the next one (a quote of several sentences carries one marker at its end).
            var pending = "";
            foreach (var s in SentenceSplitter.Split(l, new TextSpan(0, l.Length)).Select(s => s.Of(l)))
            {
                pending = pending.Length == 0 ? s : pending + " " + s;
                if (!Markers().IsMatch(s)) continue;
                list.Add(pending);
                pending = "";
            }
            if (pending.Length > 0 && Terms.Of(pending).Count > 2) list.Add(pending);
        }
        return list;
    }

    public static string Normalize(string s) => Whitespace().Replace(s.ToLowerInvariant().Replace('’', '\''), " ").Trim();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Markers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
