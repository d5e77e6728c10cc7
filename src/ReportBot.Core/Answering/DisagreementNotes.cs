using System.Globalization;
using ReportBot.Core.Claims;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>
/// Brings the corpus's disagreements into an answer: a disagreement is relevant when one of its claims is an evidence
/// sentence and it is about what the question asks (the thing counted, the kind of thing named, where, whether confirmed).
/// Every side gets a citation, pulling in the other reports' sentences when the evidence lacks them.
/// </summary>
public static class DisagreementNotes
{
    private static readonly string[] StatusWords = ["confirm", "confirmed", "acknowledge", "acknowledged", "deny", "denied", "admit", "admitted", "verify", "verified", "true"];

    public static bool IsRelevant(CorpusDisagreement d, AnalyzedQuestion q, IReadOnlyList<ScoredSentence> evidence, Func<string, string, double> similarity)
    {
        var hits = d.Claims.Where(c => evidence.Any(e => e.ReportId == c.ReportId && e.Start == c.Start)).ToList();
        if (hits.Count == 0) return false;
        var words = q.Terms.Where(t => !t.IsNumber).Select(t => t.Word).ToList();
        bool Near(string w, double floor) => words.Any(x => x == w || Stemmer.Stem(x) == Stemmer.Stem(w) || similarity(x, w) >= floor);
        var kind = hits[0].Kind;
        var asksAboutReports = q.Terms.Any(t => QuestionAnalyzer.IsMetaWord(t.Word));
        return kind switch
        {
            // A figure disagreement matters to a "how many" whose answer is one of its figures, or to a yes/no or open question
            // about the reports themselves ("Does the article's headline agree with its body on how many …?"), never to "when",
            // "who" or "where" (dev, 2026-12-06: one false flag fewer, a troop count on "When did the soldiers begin
            // deploying, according to the article?"; nothing else changed).
            ClaimKind.Figure => q.Type == QuestionType.Quantity
                ? hits.Any(h => evidence.Any(e => e.ReportId == h.ReportId && e.Start == h.Start && e.FocusQuantities.Any(f => f.Start == h.Figure!.Start && f.Value == h.Figure.Value)))
                    && SaysWhatWasAsked(d, q, similarity)
                : asksAboutReports && q.Type is QuestionType.YesNo or QuestionType.General && Near(hits[0].KeyWord, 0.75),
            ClaimKind.Named => q.Type is QuestionType.Entity or QuestionType.General or QuestionType.YesNo && Near(hits[0].KeyWord, 0.75),
            // Where it happened matters to "where", or to an open question naming the same happening — never to "when", "who" or "how many".
            ClaimKind.Place => q.Type == QuestionType.Place || q.Type is QuestionType.General or QuestionType.YesNo && words.Any(w => Stemmer.Stem(w) == Stemmer.Stem(hits[0].KeyWord)),
            // "Was it confirmed …?", or a yes/no question about the very thing one side confirms and the other denies
            // ("Was ammonium nitrate stored there?" against "confirmed that ammonium nitrate was stored" / "denied …").
            ClaimKind.Status => q.Type is QuestionType.YesNo or QuestionType.General or QuestionType.Agent
                && (words.Any(w => StatusWords.Contains(w) || StatusWords.Any(s => similarity(w, s) >= 0.75))
                    || q.Type == QuestionType.YesNo && hits.Any(h => h.Context.Count(x => Near(x, 0.9)) >= 2)),
            // "What caused the fire?", "Why did it start?", "Was it an electrical fault?"
            ClaimKind.Cause => q.Type == QuestionType.Reason || words.Any(w => ClaimExtractor.IsCauseWord(Stemmer.Stem(w)))
                || d.Claims.Any(c => c.Context.Any(x => Near(x, 0.75))),
            _ => false,
        };
    }

    /// <summary>
    /// "How many people died": a disagreement over people evacuated or treated answers another question. When the question
    /// says what happened and the disagreement's figures say it too, one of them must say the same (died/killed).
    /// </summary>
    private static bool SaysWhatWasAsked(CorpusDisagreement d, AnalyzedQuestion q, Func<string, string, double> similarity)
    {
        if (q.Verb is not { } asked) return true;
        var verbs = d.Claims.Select(c => c.Figure?.Verb).OfType<string>().Distinct().ToList();
        return verbs.Count == 0 || verbs.Any(v => Stemmer.Stem(v) == Stemmer.Stem(asked) || similarity(v, asked) >= 0.6);
    }


    /// <summary>
    /// The claims shown for one disagreement: per side, up to two statements from different reports when there are (the cited ones first, then the sentences
    /// sharing most words with the question: "publicly acknowledged the troop presence" before "confirmed to be engaging
    /// in combat" for a question about the troop deployment).
    /// </summary>
    public static List<List<Claim>> Shown(CorpusDisagreement d, IReadOnlyList<Citation> citations, AnalyzedQuestion? question = null)
    {
        var asked = question?.Terms.Where(t => !t.IsNumber).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal) ?? [];
        int Shared(Claim c) => asked.Count == 0 ? 0 : Terms.Of(c.Sentence).Select(t => t.Stem).Distinct().Count(asked.Contains);
        return d.Sides.Select(side =>
        {
            // A side can hold hundreds of claims in a large corpus: the words of at most MaxWeighed sentences are read.
            var ordered = side
                .OrderByDescending(c => citations.Any(x => x.ReportId == c.ReportId && x.Start == c.Start))
                .Take(MaxWeighed)
                .Select((c, i) => (Claim: c, Order: i, Shared: Shared(c)))
                .OrderByDescending(x => citations.Any(y => y.ReportId == x.Claim.ReportId && y.Start == x.Claim.Start))
                .ThenByDescending(x => x.Shared)
                .ThenBy(x => x.Claim.IsHeadline)
                .ThenBy(x => x.Order)
                .Select(x => x.Claim)
                .ToList();
            // Two reports per side; a side one report holds alone shows up to two of its statements (different sentences).
            var shown = ordered.GroupBy(c => c.ReportId).Select(g => g.First()).Take(2).ToList();
            foreach (var c in ordered)
                if (shown.Count < 2 && !shown.Any(x => x.ReportId == c.ReportId && x.Start == c.Start)) shown.Add(c);
            return shown;
        }).ToList();
    }

    /// <summary>Most claims of one side whose sentences are weighed against the question (see <see cref="Shown"/>).</summary>
    public const int MaxWeighed = 64;

    /// <summary>One plain sentence saying what kind of disagreement it is.</summary>
    public static string Summary(CorpusDisagreement d, IReadOnlyList<List<Claim>> shown, Func<string, string> label)
    {
        var parts = shown.Select(side => string.Join(", ", side.Select(c => $"{label(c.ReportId)} says {c.Value}{(c.Scope is { } s && d.Kind == DisagreementKind.DifferentScope ? $" ({s})" : "")}")));
        var body = string.Join("; versus ", parts);
        var headline = shown.SelectMany(s => s).FirstOrDefault(c => c.IsHeadline);
        return d.Kind switch
        {
            DisagreementKind.ChangedOverTime => $"The reports changed over time on {d.Topic}: {body}. The newer report revises the earlier one.",
            DisagreementKind.DifferentScope => $"The reports give {d.Topic} for different periods or definitions: {body}.",
            _ when d.WithinReport && headline is not null => $"The reports contradict each other on {d.Topic}, and one report's headline contradicts its own body: {body}.",
            _ when d.WithinReport => $"The reports contradict each other on {d.Topic}, even within one report: {body}.",
            _ => $"The reports contradict each other on {d.Topic}: {body}.",
        };
    }

    /// <summary>The newest full date among the shown claims (changed-over-time only).</summary>
    public static string? Newest(CorpusDisagreement d, IEnumerable<Claim> shown) =>
        d.Kind == DisagreementKind.ChangedOverTime ? shown.Where(c => c.Figure is not { IsPrevious: true }).Select(c => c.Published).Where(p => p is { Length: 10 }).Max(StringComparer.Ordinal) : null;

    /// <summary>The claim is from the newest report (<see cref="Newest"/>), unless that report gives it as the earlier value ("up from about 450").</summary>
    public static bool IsNewer(Claim c, string? newest) => newest is not null && c.Published == newest && c.Figure is not { IsPrevious: true };

    internal static string Date(string? published) => published ?? "undated";

    /// <summary>
    /// Whether a publication date is surely later than another: later in order and not within it ("2025-06-02" is not
    /// surely after "2025", which may be December).
    /// </summary>
    public static bool SurelyAfter(string a, string b) => string.CompareOrdinal(a, b) > 0 && !a.StartsWith(b, StringComparison.Ordinal);

    internal static string Culture(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
