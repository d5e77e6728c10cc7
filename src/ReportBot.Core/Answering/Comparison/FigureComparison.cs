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
public static partial class FigureComparison
{
    /// <summary>
    /// Whether one sentence's figures are parts of one whole: figures of one noun listed one after another ("1,470 in the US, 1,400 in Canada
    /// and 1,250 in the UK"), only commas and "and" between them and the words each adds, not a range ("300 to 400") or a
    /// change ("from 31,000 to 48,000").
    /// </summary>
    public static bool AreParts(IReadOnlyList<FigureClaim> figures)
    {
        var ordered = figures.OrderBy(f => f.Quantity.Start).ToList();
        // Parts count one thing: the first figure's noun, which the others repeat or leave implied ("about 1,200 residents …
        // and sent 14 people to hospital" are two things, not parts).
        if (ordered.Skip(1).Any(f => f.Quantity.UnitStem is { } u && u != ordered[0].Quantity.UnitStem)) return false;
        var text = ordered[0].Sentence.Text;
        for (var i = 1; i < ordered.Count; i++)
        {
            var between = text[Math.Min(ordered[i - 1].Quantity.End, text.Length)..Math.Min(ordered[i].Quantity.Start, text.Length)];
            if (!between.Contains(',') && !between.Contains(" and ", StringComparison.Ordinal)) return false;
            if (PartBreaker().IsMatch(between)) return false;
        }
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:to|from|up|down|rising|rose|fell|falling|increase|decrease|compared|against|versus|vs|than|or|between|of whom|of which|including|among)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex PartBreaker();

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
