using ReportBot.Core.Embeddings;

namespace ReportBot.Core.Claims;

/// <summary>How two claims about the same thing relate.</summary>
public enum Relation { Unrelated, Agree, Complementary, ChangedOverTime, DifferentScope, Contradiction }

/// <summary>A disagreement found in the corpus: the claims on each side.</summary>
/// <param name="Topic">What it is about ("the number of troops", "which system was supplied").</param>
/// <param name="Kind">contradiction | changed-over-time | different-scope.</param>
/// <param name="Sides">Groups of claims; the claims of one side agree with each other.</param>
/// <param name="WithinReport">True when one report holds more than one side (e.g. its headline against its body).</param>
public sealed record CorpusDisagreement(string Topic, string Kind, IReadOnlyList<IReadOnlyList<Claim>> Sides, bool WithinReport)
{
    public IEnumerable<Claim> Claims => Sides.SelectMany(s => s);
}

/// <summary>
/// Decides whether claims speak of the same thing and how they relate:
/// <list type="bullet">
/// <item><b>agree</b>: the same value, or values compatible under their hedges ("more than 10,000" and "over 11,000");</item>
/// <item><b>complementary</b>: an increment ("an additional 3,000", "eight other states") or a cap/rate next to a count;</item>
/// <item><b>changed over time</b>: both reports carry full dates and they differ; the newer side is marked;</item>
/// <item><b>different scope</b>: each figure states a different period;</item>
/// <item><b>contradiction</b>: incompatible statements otherwise, including a headline against its own body.</item>
/// </list>
/// Claims are "about the same thing" when their counted nouns (or the kind of thing named, or the object of a status)
/// are the same word or close in the word-vector space, never by a list of corpus words.
/// </summary>
public sealed class DisagreementDetector(WordVectors? vectors)
{
    /// <summary>Counted nouns at least this close are the same thing (soldiers/troops 0.90; workers/troops 0.47).</summary>
    public const double SameNoun = 0.75;

    /// <summary>Nouns this close count as the same thing when the claims also share a close verb (workers/people 0.68 with killed/died 0.74).</summary>
    public const double RelatedNoun = 0.65;

    public Relation Compare(Claim a, Claim b)
    {
        if (a.Kind != b.Kind || (a.ReportId == b.ReportId && a.Start == b.Start && a.Value == b.Value)) return Relation.Unrelated;
        if (!SameThing(a, b)) return Relation.Unrelated;
        var conflict = a.Kind switch
        {
            ClaimKind.Figure => FiguresConflict(a, b),
            ClaimKind.Named => !SameName(a.Value, b.Value),
            ClaimKind.Place => !a.Places!.Any(x => b.Places!.Any(y => ClaimExtractor.SamePlace(x, y))),
            ClaimKind.Status => (a.Status == StatusValue.Confirmed) != (b.Status == StatusValue.Confirmed),
            _ => false,
        };
        if (conflict is null) return Relation.Complementary;
        if (conflict == false) return Relation.Agree;
        if (a.ReportId == b.ReportId) return Relation.Contradiction;
        if (a.Kind == ClaimKind.Figure && a.Scope is not null && b.Scope is not null && !string.Equals(a.Scope, b.Scope, StringComparison.OrdinalIgnoreCase))
            return Relation.DifferentScope;
        if (a.Published is { Length: 10 } && b.Published is { Length: 10 } && a.Published != b.Published) return Relation.ChangedOverTime;
        return Relation.Contradiction;
    }

    /// <summary>True when the figures conflict, false when they agree, null when one adds to the other or is a limit.</summary>
    private static bool? FiguresConflict(Claim a, Claim b)
    {
        var fa = a.Figure!; var fb = b.Figure!;
        if (fa.IsIncrement || fb.IsIncrement || a.IsCap || b.IsCap) return null;
        return !fa.CompatibleWith(fb);
    }

    private static bool SameName(string a, string b)
    {
        var x = a.ToLowerInvariant(); var y = b.ToLowerInvariant();
        return x == y || x.StartsWith(y + "-", StringComparison.Ordinal) || y.StartsWith(x + "-", StringComparison.Ordinal);
    }

    public bool SameThing(Claim a, Claim b)
    {
        switch (a.Kind)
        {
            case ClaimKind.Figure:
            {
                var noun = a.Key == b.Key ? 1 : Similarity(a.KeyWord, b.KeyWord);
                if (noun >= SameNoun) return SharesPredicateOrNone(a, b);
                return noun >= RelatedNoun && a.Start != b.Start && a.Context.Any(x => b.Context.Any(y => x == y || Similarity(x, y) >= 0.72));
            }
            case ClaimKind.Named:
                return a.Key == b.Key || Similarity(a.KeyWord, b.KeyWord) >= 0.8;
            case ClaimKind.Place:
                return a.Key == b.Key || Similarity(a.KeyWord, b.KeyWord) >= 0.6;
            case ClaimKind.Status:
                // The same object: a shared or close content word ("the troop deployments" / "the troop presence" / "that it had sent soldiers").
                return a.Context.Any(x => b.Context.Any(y => x == y || Similarity(x, y) >= SameNoun));
            default:
                return false;
        }
    }

    /// <summary>Figures of the same noun disagree only when they count the same event: an "of"-noun, if both have one, must match too.</summary>
    private bool SharesPredicateOrNone(Claim a, Claim b)
    {
        var oa = a.Figure!.OfNoun; var ob = b.Figure!.OfNoun;
        if (oa is null || ob is null) return true;
        return oa == ob || Similarity(oa, ob) >= 0.6;
    }

    private double Similarity(string a, string b) => vectors?.Similarity(a, b) ?? (a == b ? 1 : 0);

    /// <summary>Every disagreement in a set of claims: claims grouped by what they are about, then split into compatible sides.</summary>
    public List<CorpusDisagreement> FindAll(IReadOnlyList<Claim> claims)
    {
        var result = new List<CorpusDisagreement>();
        foreach (var kind in Enum.GetValues<ClaimKind>())
        {
            var ofKind = claims.Where(c => c.Kind == kind && !(c.Figure is { IsIncrement: true }) && !c.IsCap).ToList();
            var used = new HashSet<Claim>();
            foreach (var seed in ofKind)
            {
                if (used.Contains(seed)) continue;
                var group = ofKind.Where(c => !used.Contains(c) && (c == seed || SameThing(seed, c))).ToList();
                if (group.Count < 2) continue;
                var sides = Split(group);
                if (sides.Count < 2) continue;
                foreach (var c in group) used.Add(c);
                var relation = Classify(sides);
                if (relation is null) continue;
                var within = group.GroupBy(c => c.ReportId).Any(g => g.Select(c => sides.FindIndex(s => s.Contains(c))).Distinct().Count() > 1);
                result.Add(new CorpusDisagreement(Topic(seed), relation, sides, within));
            }
        }
        return result;
    }

    /// <summary>Splits a group into sides of mutually agreeing claims (greedy, largest first).</summary>
    private List<IReadOnlyList<Claim>> Split(List<Claim> group)
    {
        var sides = new List<List<Claim>>();
        foreach (var c in group)
        {
            var home = sides.FirstOrDefault(s => s.All(o => Compare(o, c) is Relation.Agree or Relation.Complementary or Relation.Unrelated) && s.Any(o => Compare(o, c) == Relation.Agree || o.Value == c.Value));
            if (home is null) sides.Add([c]);
            else home.Add(c);
        }
        return sides.OrderByDescending(s => s.Select(c => c.ReportId).Distinct().Count()).Select(s => (IReadOnlyList<Claim>)s).ToList();
    }

    /// <summary>The kind of a multi-side disagreement: contradiction wins, then different scope, then change over time.</summary>
    private string? Classify(List<IReadOnlyList<Claim>> sides)
    {
        var relations = new List<Relation>();
        for (var i = 0; i < sides.Count; i++)
            for (var j = i + 1; j < sides.Count; j++)
                foreach (var a in sides[i])
                    foreach (var b in sides[j])
                        relations.Add(Compare(a, b));
        if (relations.Contains(Relation.Contradiction)) return "contradiction";
        if (relations.Contains(Relation.DifferentScope)) return "different-scope";
        if (relations.Contains(Relation.ChangedOverTime)) return "changed-over-time";
        return null;
    }

    private static string Topic(Claim c) => c.Kind switch
    {
        ClaimKind.Figure => $"the number of {c.KeyWord}",
        ClaimKind.Named => $"which {c.KeyWord}",
        ClaimKind.Place => $"where it happened ({c.KeyWord})",
        ClaimKind.Status => $"whether it was confirmed ({string.Join(' ', c.Context.Take(3))})",
        _ => c.KeyWord,
    };
}
