using ReportBot.Core.Embeddings;
using ReportBot.Core.Text;

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
public sealed partial class DisagreementDetector(WordVectors? vectors)
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
        if (a.Published is { Length: 10 } && b.Published is { Length: 10 } && a.Published != b.Published && IsRevision(a, b)) return Relation.ChangedOverTime;
        return Relation.Contradiction;
    }

    /// <summary>
    /// A later report revises an earlier one when it says so ("has risen to", "now", "up from", "latest"), when a count grows
    /// (running totals grow), or when an unconfirmed status becomes confirmed. A later, smaller count or a confirmation
    /// followed by a denial is a contradiction.
    /// </summary>
    private static bool IsRevision(Claim a, Claim b)
    {
        var (older, newer) = string.CompareOrdinal(a.Published, b.Published) < 0 ? (a, b) : (b, a);
        if (RevisionCue().IsMatch(newer.Sentence)) return true;
        return a.Kind switch
        {
            ClaimKind.Figure => newer.Figure!.Value > older.Figure!.Value,
            ClaimKind.Status => older.Status == StatusValue.NotConfirmed && newer.Status == StatusValue.Confirmed,
            _ => false,
        };
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(now|risen|rose|grown|grew|climbed|increased|up from|down from|revised|updated|latest|so far|to date|brings the total|has reached|have reached)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex RevisionCue();

    /// <summary>True when the figures conflict, false when they agree, null when one adds to the other or is a limit.</summary>
    private static bool? FiguresConflict(Claim a, Claim b)
    {
        var fa = a.Figure!; var fb = b.Figure!;
        if (a.IsCap || b.IsCap) return null;
        // An increment adds to a larger figure ("an additional 3,000" to 11,000; "eight other" of 11 states): complementary.
        // Two increments, or an "increment" larger than the figure it would add to, are compared as they stand.
        if (fa.IsIncrement != fb.IsIncrement)
        {
            var (inc, basis) = fa.IsIncrement ? (fa, fb) : (fb, fa);
            if (inc.Value < basis.Value) return null;
        }
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
                // What happened to the things counted must be the same event: "evacuated" residents are not "treated" people.
                var va = a.Figure!.Verb; var vb = b.Figure!.Verb;
                var verbs = va is null || vb is null ? (double?)null : Stemmer.Stem(va) == Stemmer.Stem(vb) ? 1 : Similarity(va, vb);
                if (verbs is < 0.6) return false;
                // A noun read from before the figure is a looser reading: only the very same verb ties it to another figure.
                if ((a.Figure.NounBefore || b.Figure.NounBefore) && (va is null || vb is null || Stemmer.Stem(va) != Stemmer.Stem(vb))) return false;
                // Without a verb on both sides only a very close noun is the same thing (soldiers/troops, not residents/people).
                if (noun >= (verbs is null ? 0.85 : SameNoun)) return SharesPredicateOrNone(a, b);
                return noun >= RelatedNoun && a.Start != b.Start && verbs >= 0.7;
            }
            case ClaimKind.Named:
                return a.Key == b.Key || Similarity(a.KeyWord, b.KeyWord) >= 0.8;
            case ClaimKind.Place:
                // Verbs of an event's place vary more than nouns ("battled", "fighting", "combat").
                return a.Key == b.Key || Similarity(a.KeyWord, b.KeyWord) >= 0.4;

            case ClaimKind.Status:
                // The same object: the head of one object is among (or close to) the words of the other
                // ("the troop deployments" / "the troop presence"; but not "its inspectorate had opened an inquiry into storage").
                bool Match(string x, string y) => x == y || Stemmer.Stem(x) == Stemmer.Stem(y) || Similarity(x, y) >= SameNoun;
                return a.Context.Count > 0 && b.Context.Count > 0 && (b.Context.Any(y => Match(a.Context[0], y)) || a.Context.Any(x => Match(x, b.Context[0])));
            default:
                return false;
        }
    }

    /// <summary>Figures of the same noun disagree only when they count the same event: an "of"-noun, if both have one, must match too.</summary>
    private bool SharesPredicateOrNone(Claim a, Claim b)
    {
        var oa = a.Figure!.OfNoun; var ob = b.Figure!.OfNoun;
        if (oa is null || ob is null) return true;
        return oa == ob || Similarity(oa, ob) >= 0.4;
    }

    /// <summary>Word-vector similarity, trying the plural too ("troop deployments" vs "soldiers").</summary>
    private double Similarity(string a, string b)
    {
        if (a == b) return 1;
        if (vectors is null) return 0;
        return Math.Max(vectors.Similarity(a, b), Math.Max(vectors.Similarity(a + "s", b), vectors.Similarity(a, b + "s")));
    }

    /// <summary>Every disagreement in a set of claims: claims grouped by what they are about, then split into compatible sides.</summary>
    public List<CorpusDisagreement> FindAll(IReadOnlyList<Claim> claims)
    {
        var result = new List<CorpusDisagreement>();
        foreach (var kind in Enum.GetValues<ClaimKind>())
        {
            var ofKind = claims.Where(c => c.Kind == kind && !c.IsCap).ToList();
            // Groups: a figure or a named thing joins the first group all of whose members are about the same thing as it.
            // Connected components would chain "killed" workers to "treated" people through a claim whose verb is close to both.
            // Places and statuses are few and their words vary ("fighting", "combat", "battled"; "deployment", "troop presence"):
            // for them any link joins groups.
            var chain = kind is ClaimKind.Place or ClaimKind.Status;
            var groups = new List<List<Claim>>();
            foreach (var c in ofKind)
            {
                var homes = groups.Where(g => chain ? g.Any(m => SameThing(m, c)) : g.All(m => SameThing(m, c))).ToList();
                if (homes.Count == 0) { groups.Add([c]); continue; }
                homes[0].Add(c);
                if (!chain) continue;
                foreach (var other in homes.Skip(1)) { homes[0].AddRange(other); groups.Remove(other); }
            }
            foreach (var group in groups.Where(g => g.Count > 1))
            {
                // A side that only adds to the others (increments) is no side of the disagreement.
                var sides = Split(group);
                sides = sides.Where(side => sides.Any(other => other != side && side.Any(x => other.Any(y => Compare(x, y) is Relation.Contradiction or Relation.ChangedOverTime or Relation.DifferentScope)))).ToList();
                if (sides.Count < 2) continue;
                var relation = Classify(sides);
                if (relation is null) continue;
                var within = group.GroupBy(c => c.ReportId).Any(g => g.Select(c => sides.FindIndex(s => s.Contains(c))).Distinct().Count() > 1);
                result.Add(new CorpusDisagreement(Topic(group[0]), relation, sides, within));
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
        var contradictionsUndated = true;
        for (var i = 0; i < sides.Count; i++)
            for (var j = i + 1; j < sides.Count; j++)
                foreach (var a in sides[i])
                    foreach (var b in sides[j])
                    {
                        var r = Compare(a, b);
                        relations.Add(r);
                        if (r == Relation.Contradiction && (a.ReportId == b.ReportId || a.Published is { Length: 10 } && b.Published is { Length: 10 })) contradictionsUndated = false;
                    }
        // An undated report cannot be placed in time: when dated reports show a revision, its disagreement with them is part of that change.
        if (relations.Contains(Relation.Contradiction) && !(relations.Contains(Relation.ChangedOverTime) && contradictionsUndated)) return "contradiction";
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
