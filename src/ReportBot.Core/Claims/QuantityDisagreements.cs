using ReportBot.Core.Answering;

namespace ReportBot.Core.Claims;

/// <summary>A figure for the thing asked about, in one evidence sentence.</summary>
/// <param name="Quantity">The figure.</param>
/// <param name="Sentence">Where it is.</param>
/// <param name="N">Citation number of the sentence.</param>
/// <param name="Published">Report date.</param>
/// <param name="Scope">Period the figure covers, if stated.</param>
/// <param name="Attribution">Who the sentence attributes it to.</param>
public sealed record FigureClaim(Quantity Quantity, ScoredSentence Sentence, int N, string? Published, string? Scope, string? Attribution);

/// <summary>
/// Compares the figures that evidence sentences give for the same counted thing. Figures compatible under their hedges
/// ("more than 10,000" and "over 11,000") agree; an increment ("an additional 3,000") adds to a figure and is never a conflict;
/// incompatible figures are a disagreement, classified as a contradiction (always when within one report, e.g. headline
/// against body), a different scope (each states a different period), or a change over time (distinct report dates).
/// </summary>
public static class QuantityDisagreements
{
    /// <summary>Groups base figures (not increments) into clusters of mutually compatible values, largest support first.</summary>
    public static List<List<FigureClaim>> Cluster(IEnumerable<FigureClaim> claims)
    {
        var clusters = new List<List<FigureClaim>>();
        foreach (var c in claims.Where(c => !c.Quantity.IsIncrement))
        {
            var home = clusters.FirstOrDefault(cl => cl.All(o => o.Quantity.CompatibleWith(c.Quantity)));
            if (home is null) clusters.Add([c]);
            else home.Add(c);
        }
        return clusters.OrderByDescending(cl => cl.Select(x => x.Sentence.ReportId).Distinct().Count())
            .ThenBy(cl => cl.Min(x => x.N)).ToList();
    }

    public static Disagreement? Find(string topic, List<List<FigureClaim>> clusters, Func<string, string> label)
    {
        if (clusters.Count < 2) return null;
        var sides = clusters.Select(cl => cl[0]).ToList();
        var allClaims = clusters.SelectMany(c => c).ToList();
        string kind;
        var sameReport = allClaims.GroupBy(c => c.Sentence.ReportId).Any(g => g.Select(x => clusters.FindIndex(cl => cl.Contains(x))).Distinct().Count() > 1);
        var scopes = sides.Select(s => s.Scope?.ToLowerInvariant()).ToList();
        var dates = sides.Select(s => s.Published).ToList();
        if (sameReport) kind = "contradiction";
        else if (scopes.All(s => s is not null) && scopes.Distinct().Count() == scopes.Count) kind = "different-scope";
        // Only full dates order reports reliably; a year alone (or an inferred one) does not say which came first.
        else if (dates.All(d => d is { Length: 10 }) && dates.Distinct().Count() == dates.Count) kind = "changed-over-time";
        else kind = "contradiction";

        var newest = kind == "changed-over-time" ? dates.Max(StringComparer.Ordinal) : null;
        var views = new List<ClaimView>();
        foreach (var cl in clusters)
            foreach (var c in cl.GroupBy(x => x.Sentence.ReportId).Select(g => g.First()))
                views.Add(new ClaimView(c.Quantity.Text, c.Sentence.Text, c.N, c.Sentence.ReportId, c.Published, c.Attribution,
                    newest is not null && c.Published == newest));
        var parts = sides.Select(s => $"{label(s.Sentence.ReportId)} gives {s.Quantity.Text}{(s.Scope is null ? "" : $" ({s.Scope})")}");
        var summary = kind switch
        {
            "changed-over-time" => $"The figure for {topic} changed between reports: {string.Join("; ", parts)}. The newest is from {newest}.",
            "different-scope" => $"The reports count {topic} over different periods: {string.Join("; ", parts)}.",
            _ when sameReport => $"The figures for {topic} conflict, even within one report: {string.Join("; ", parts)}.",
            _ => $"The reports give conflicting figures for {topic}: {string.Join("; ", parts)}.",
        };
        return new Disagreement(topic, kind, summary, views);
    }
}
