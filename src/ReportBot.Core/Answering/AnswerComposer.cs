using System.Text;
using ReportBot.Core.Claims;
using ReportBot.Core.Ingestion;

namespace ReportBot.Core.Answering;

/// <summary>
/// Writes the model-free answer: a lead that answers the kind of question asked (the figure for "how many", the best
/// sentence otherwise), the disagreements stated in plain words with each side, and the quoted evidence.
/// Every claim carries <c>[n]</c>; every quote is verbatim report text.
/// </summary>
public static class AnswerComposer
{
    public const string NotAnswered = "The reports don't answer this question.";

    public static (string Text, IReadOnlyList<Citation> Citations, IReadOnlyList<Disagreement> Disagreements) Compose(
        AnalyzedQuestion question, IReadOnlyList<ScoredSentence> evidence, CorpusSnapshot snapshot)
    {
        var citations = evidence.Select((s, i) => new Citation(i + 1, s.ReportId, s.Chunk.Title, s.Chunk.Publisher, s.Chunk.Published, s.Text, s.Start, s.End)).ToList();
        string Label(string reportId)
        {
            var c = citations.First(x => x.ReportId == reportId);
            var name = c.Publisher ?? Shorten(c.Title, 60);
            return c.Published is null ? name : $"{name} ({c.Published})";
        }
        var sb = new StringBuilder();
        var disagreements = new List<Disagreement>();
        if (question.Type == QuestionType.Quantity)
        {
            var figures = evidence.SelectMany((s, i) => s.FocusQuantities.Select((q, k) => (Claim: new FigureClaim(q, s, i + 1, s.Chunk.Published, TimeScope.Find(s.Text), AttributionFinder.Find(s.Text)),
                Overlap: s.FocusOverlaps is { } o && k < o.Count ? o[k] : 0))).ToList();
            // A figure with no noun that matched through what the question says of the thing ("4,000 are believed to have been
            // killed") means the question is about that predicate: figures of the same noun without it answer another question.
            if (figures.Any(f => f.Claim.Quantity.Unit is null && f.Overlap > 0)) figures = figures.Where(f => f.Overlap > 0).ToList();
            var claims = figures.Select(f => f.Claim).ToList();
            var clusters = QuantityDisagreements.Cluster(claims);
            var unit = claims.Select(c => c.Quantity.Unit).FirstOrDefault(u => u is not null) ?? question.Focus ?? "it";
            if (clusters.Count == 1)
                sb.Append($"The reports put it at {Figure(clusters[0][0], unit)} {Markers(clusters[0])}.");
            else if (clusters.Count > 1)
                sb.Append($"The reports give different figures: {string.Join("; ", clusters.Select(cl => $"{Figure(cl[0], unit)} {Markers(cl)}"))}.");
            var increments = claims.Where(c => c.Quantity.IsIncrement).GroupBy(c => c.Quantity.Value).ToList();
            if (increments.Count > 0)
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append($"Reported as additions to an earlier figure: {string.Join("; ", increments.Select(g => $"{Figure(g.First(), unit)} {Markers(g.ToList())}"))}.");
            }
            var d = QuantityDisagreements.Find($"the number of {unit}", clusters, Label);
            if (d is not null) disagreements.Add(d);
        }
        else if (evidence.Count > 0)
        {
            sb.Append($"According to {Label(evidence[0].ReportId)}: “{evidence[0].Text}” [1]");
        }

        foreach (var d in disagreements)
        {
            sb.Append("\n\n**The reports disagree** on ").Append(d.Topic).Append(": ");
            sb.Append(string.Join("; ", d.Claims.Select(c => $"{Label(c.ReportId)}{(c.Attribution is null ? "" : $", citing {c.Attribution},")} says {c.Value} [{c.N}]{(c.IsNewer ? " (newer)" : "")}")));
            sb.Append('.');
            if (d.Kind == "changed-over-time") sb.Append(" The newer report revises the earlier figure.");
            else if (d.Kind == "different-scope") sb.Append(" The figures cover different periods.");
        }

        var rest = question.Type == QuestionType.Quantity ? evidence : evidence.Skip(1).ToList();
        if (rest.Count > 0)
        {
            sb.Append(question.Type == QuestionType.Quantity ? "\n\nSources:" : "\n\nOther reports:");
            foreach (var s in rest)
            {
                var n = evidence.ToList().IndexOf(s) + 1;
                sb.Append($"\n- {Label(s.ReportId)}: “{s.Text}” [{n}]");
            }
        }
        return (sb.ToString().Trim(), citations, disagreements);
    }

    /// <summary>The figure with what it counts: its noun, or (with none) the words of its clause, verbatim.</summary>
    private static string Figure(FigureClaim c, string unit)
    {
        var s = c.Sentence.Text;
        if (c.Quantity.Unit is not null)
        {
            // Verbatim from the figure to its noun: "over 11,000 North Korean soldiers", "twenty thousands of troops".
            var at = s.IndexOf(c.Quantity.Unit, c.Quantity.End, StringComparison.OrdinalIgnoreCase);
            return at >= 0 && at - c.Quantity.End < 48 ? s[c.Quantity.Start..(at + c.Quantity.Unit.Length)] : $"{c.Quantity.Text} {c.Quantity.Unit}";
        }
        var local = c.Quantity.End;
        var end = s.IndexOfAny([',', ';', '.', '“', '"', '('], local);
        if (end < 0) end = s.Length;
        var clause = s[c.Quantity.Start..end].Trim();
        var words = clause.Split(' ');
        return words.Length > 10 ? string.Join(' ', words[..10]) + "…" : clause;
    }

    private static string Markers(IEnumerable<FigureClaim> claims) =>
        string.Concat(claims.Select(c => c.N).Distinct().Order().Select(n => $"[{n}]"));

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
}
