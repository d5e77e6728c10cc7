using ReportBot.Core.Claims;

namespace ReportBot.Core.Answering.Comparison;

/// <summary>A figure for the thing asked about, in one evidence sentence.</summary>
/// <param name="Quantity">The figure.</param>
/// <param name="Sentence">Where it is.</param>
/// <param name="N">Citation number of the sentence.</param>
/// <param name="Published">Report date.</param>
/// <param name="Scope">Period the figure covers, if stated.</param>
/// <param name="Attribution">Who the sentence attributes it to.</param>
public sealed record FigureClaim(Quantity Quantity, ScoredSentence Sentence, int N, string? Published, string? Scope, string? Attribution);

/// <summary>
/// Groups the figures that evidence sentences give for the thing asked about into clusters of compatible values
/// ("more than 10,000" and "over 11,000" agree; an increment is left out), for the lead of a "how many" answer.
/// It lives with the per-report comparison: Claims (read at ingestion) knows nothing of answering.
/// </summary>
public static class FigureComparison
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
}
