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
    IReadOnlyList<string> Failures)
{
    /// <summary>Share of expected facts stated in the lead (the direct answer before the quoted sources).</summary>
    public double? LeadFacts { get; init; }

    /// <summary>Share of the figures, dates and names stated in the lead that appear in every quote cited for them.</summary>
    public double? SpanSupport { get; init; }

    /// <summary>1 when the lead of an answered question has at most <see cref="Scorer.LeadWordLimit"/> words (markers not counted).</summary>
    public double? LeadConcise { get; init; }

    /// <summary>Gold-answer sets: 1 when every gold answer appears in the answer.</summary>
    public double? AnswerRecall { get; init; }

    /// <summary>Where the documents give two or more different answers: 1 when a disagreement is flagged or each answer is stated.</summary>
    public double? ConflictSurfaced { get; init; }

    /// <summary>Gold-answer sets: 1 when every gold answer appears and no wrong answer is asserted in the lead (a wrong answer shown as a side of a flagged disagreement is not asserted).</summary>
    public double? EmLike { get; init; }

    /// <summary>Gold-answer sets, as the RAMDocs paper scores: every gold answer appears and no wrong answer appears anywhere in the answer.</summary>
    public double? EmStrict { get; init; }
}

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
    /// <summary>Longest lead (the direct answer before the quoted sources) that counts as short, in words.</summary>
    public const int LeadWordLimit = 60;

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

        // The bot's own markers: a "[39]" inside a quoted passage is report text (a footnote), not a marker.
        var ownText = a.Citations.Select(c => c.Quote).Where(q => q.Length > 0).Distinct().OrderByDescending(q => q.Length)
            .Aggregate(a.Answer, (text, quote) => text.Replace(quote, " ", StringComparison.Ordinal));
        var markers = Markers().Matches(ownText).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
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
        var lead = Lead(a.Answer);
        double? leadFacts = null;
        if (q.Answerable && q.Facts.Count > 0 && a.Answerable)
        {
            var normalizedLead = Normalize(lead);
            leadFacts = (double)q.Facts.Count(f => f.Any(alt => normalizedLead.Contains(Normalize(alt), StringComparison.Ordinal))) / q.Facts.Count;
            if (leadFacts < 1 && facts == 1) failures.Add("an expected fact is only in the quotes, not in the lead");
        }
        else if (q.Answerable && q.Facts.Count > 0) leadFacts = 0;

        double? leadConcise = null;
        if (a.Answerable)
        {
            var words = Markers().Replace(lead, " ").Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
            leadConcise = words <= LeadWordLimit ? 1 : 0;
            if (leadConcise == 0) failures.Add($"the lead has {words} words (at most {LeadWordLimit})");
        }

        double? spanSupport = null;
        if (a.Answerable)
        {
            var (spans, unsupported) = LeadSpans(lead, a.Citations);
            if (spans > 0)
            {
                spanSupport = (double)(spans - unsupported.Count) / spans;
                if (unsupported.Count > 0) failures.Add($"{unsupported.Count} of {spans} lead spans not in every quote cited for them: {string.Join(", ", unsupported.Take(4))}");
            }
        }

        double? answerRecall = null, conflictSurfaced = null, emLike = null, emStrict = null;
        var normalizedAnswer = NormalizeAnswer(a.Answer);
        if (q.GoldAnswers.Count > 0)
        {
            var missing = q.GoldAnswers.Where(g => !ContainsAnswer(normalizedAnswer, g)).ToList();
            answerRecall = missing.Count == 0 ? 1 : 0;
            foreach (var g in missing) failures.Add($"missing gold answer {g}");
            var normalizedLead = NormalizeAnswer(lead);
            var sides = a.Disagreements.SelectMany(d => d.Claims.Select(c => NormalizeAnswer(c.Value + " " + c.Statement))).ToList();
            var asserted = q.WrongAnswers.Where(w => ContainsAnswer(normalizedLead, w) && !sides.Any(s => ContainsAnswer(s, w))).ToList();
            foreach (var w in asserted) failures.Add($"wrong answer asserted: {w}");
            emLike = missing.Count == 0 && asserted.Count == 0 ? 1 : 0;
            emStrict = missing.Count == 0 && !q.WrongAnswers.Any(w => ContainsAnswer(normalizedAnswer, w)) ? 1 : 0;
        }
        var documentAnswers = q.DocumentAnswers.Where(x => x != "unknown").Select(NormalizeAnswer).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (documentAnswers.Count >= 2)
        {
            conflictSurfaced = a.Disagreements.Count > 0 || documentAnswers.All(x => normalizedAnswer.Contains(x, StringComparison.Ordinal)) ? 1 : 0;
            if (conflictSurfaced == 0) failures.Add("the documents give different answers; neither flagged nor each stated");
        }

        return new QuestionScore(facts, sourceRecall, retrievalRecall, rr, validity, support, flagged, falseConflict, abstention, failures)
        {
            LeadFacts = leadFacts, SpanSupport = spanSupport, LeadConcise = leadConcise, AnswerRecall = answerRecall, ConflictSurfaced = conflictSurfaced, EmLike = emLike, EmStrict = emStrict,
        };
    }

    /// <summary>
    /// The lead of an answer: the direct answer before the quoted sources, i.e. the text before a line that starts with
    /// "Sources:" (the model-free composer's quote list), else the first paragraph.
    /// </summary>
    public static string Lead(string answer)
    {
        var text = answer.Replace("\r\n", "\n", StringComparison.Ordinal);
        var sources = SourcesLine().Match(text);
        if (sources.Success) return text[..sources.Index].Trim();
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        return (blank < 0 ? text : text[..blank]).Trim();
    }

    /// <summary>
    /// The figures (numbers written with digits), month names and names (capitalised words that do not open a sentence)
    /// of the lead, each checked against the quotes and report metadata of the citations that follow it: a span is
    /// supported when it occurs in every one of them. Spans after the last marker, or with no marker, are unsupported.
    /// </summary>
    public static (int Spans, List<string> Unsupported) LeadSpans(string lead, IReadOnlyList<Citation> citations)
    {
        var spans = 0;
        var unsupported = new List<string>();
        var position = 0;
        var clean = lead.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);
        var groups = MarkerGroup().Matches(clean).Cast<Match>().ToList();
        // Text after the last marker group counts as uncited.
        var segments = groups.Select(g => (Text: clean[position..g.Index], Markers: g.Value, Next: position = g.Index + g.Length)).ToList();
        if (position < clean.Length) segments.Add((clean[position..], "", clean.Length));
        foreach (var (text, markers, _) in segments)
        {
            var ns = Markers().Matches(markers).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var haystacks = ns.Select(n => citations.FirstOrDefault(c => c.N == n)).Select(c => c is null ? "" : SpanNormalize($"{c.Quote} {c.Publisher} {c.Title} {c.Published}")).ToList();
            foreach (var span in SpansOf(text))
            {
                spans++;
                var needle = SpanNormalize(span);
                if (haystacks.Count == 0 || !haystacks.All(h => ContainsBounded(h, needle))) unsupported.Add(span);
            }
        }
        return (spans, unsupported);
    }

    private static IEnumerable<string> SpansOf(string segment)
    {
        foreach (Match m in FigureOrWord().Matches(segment))
        {
            var v = m.Value;
            if (char.IsDigit(v[0])) { yield return v.TrimEnd('.', ','); continue; }
            if (!char.IsUpper(v[0]) || v.Length < 2) continue;
            // A capitalised word that opens a sentence, a line, a list item or a clause after a colon is not a name.
            var before = segment[..m.Index].TrimEnd(' ', '\t', '*', '"', '“', '(');
            if (before.Length == 0 || before[^1] is '.' or ':' or '!' or '?' or '\n' or '-' or ';') continue;
            yield return v;
        }
    }

    private static string SpanNormalize(string s) => Whitespace().Replace(s.ToLowerInvariant().Replace(",", "", StringComparison.Ordinal).Replace('’', '\''), " ");

    private static bool ContainsBounded(string haystack, string needle)
    {
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            var okBefore = i == 0 || !char.IsLetterOrDigit(haystack[i - 1]);
            var end = i + needle.Length;
            var okAfter = end >= haystack.Length || !char.IsLetterOrDigit(haystack[end]) || (char.IsLetter(needle[^1]) && char.IsLetter(haystack[end]) && needle.Length >= 4);
            if (okBefore && okAfter) return true;
        }
        return false;
    }

    /// <summary>SQuAD/RAMDocs answer normalisation: lower case, punctuation and articles removed, whitespace collapsed.</summary>
    public static string NormalizeAnswer(string s)
    {
        var lower = s.ToLowerInvariant().Replace('’', '\'');
        var sb = new System.Text.StringBuilder(lower.Length);
        foreach (var ch in lower) if (!char.IsPunctuation(ch) && !char.IsSymbol(ch)) sb.Append(ch);
        return Whitespace().Replace(Articles().Replace(sb.ToString(), " "), " ").Trim();
    }

    /// <summary>True when the normalised answer text contains the normalised gold answer as whole words.</summary>
    public static bool ContainsAnswer(string normalizedText, string answer)
    {
        var needle = NormalizeAnswer(answer);
        return needle.Length > 0 && (" " + normalizedText + " ").Contains(" " + needle + " ", StringComparison.Ordinal);
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
            // A line saying that the reports leave a part of the question unanswered makes no claim of theirs to support.
            if (l.Length == 0 || l.EndsWith(':') || l.EndsWith(Answering.TwoPartQuestions.PartNotAnswered, StringComparison.Ordinal)) continue;
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

    [GeneratedRegex(@"\[([0-9]{1,6})\]")]
    private static partial Regex Markers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^Sources:", RegexOptions.Multiline)]
    private static partial Regex SourcesLine();

    [GeneratedRegex(@"(?:\[[0-9]{1,6}\])+")]
    private static partial Regex MarkerGroup();

    // A figure keeps the letters written onto it ("the 28th of May", "US$0.9bn-1.3bn", "12km"): "28" is not a whole word of "28th".
    // A word keeps its digits and its hyphenated parts: "Pantsir-S1", "A340", "COVID-19" are one span each.
    [GeneratedRegex(@"[0-9](?:[0-9,.]*[0-9])?\p{L}*|\p{L}[\p{L}0-9'’]*(?:-[\p{L}0-9]+)*")]
    private static partial Regex FigureOrWord();

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();
}
