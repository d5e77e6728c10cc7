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
public sealed record CorpusDisagreement(string Topic, DisagreementKind Kind, IReadOnlyList<IReadOnlyList<Claim>> Sides, bool WithinReport)
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

    /// <summary>A headline's implied-noun figure and a body figure are about the same event when their verbs are this close (hurt/taken 0.52; hurt/died 0.40).</summary>
    public const double ImpliedVerb = 0.5;

    /// <summary>Words of two causes at least this close name the same cause (wiring/electrical 0.65; electrical/arson 0.19).</summary>
    public const double SameCause = 0.6;

    /// <summary>Largest group of claims about one thing that is split into sides (see <see cref="FindAll"/>).</summary>
    public const int MaxGroupClaims = 2000;

    /// <summary>Nouns this close count as the same thing when the claims also share a close verb (workers/people 0.68 with killed/died 0.74).</summary>
    public const double RelatedNoun = 0.65;

    public Relation Compare(Claim a, Claim b) => Comparable(a, b) && SameThing(a, b) ? CompareSameThing(a, b) : Relation.Unrelated;

    /// <summary>Claims of one kind, and not one statement twice: only these can relate.</summary>
    private static bool Comparable(Claim a, Claim b) => a.Kind == b.Kind && !(a.ReportId == b.ReportId && a.Start == b.Start && a.Value == b.Value);

    /// <summary>How two <see cref="Comparable"/> claims about the same thing relate.</summary>
    private static Relation CompareSameThing(Claim a, Claim b)
    {
        var conflict = a.Kind switch
        {
            ClaimKind.Figure => FiguresConflict(a, b),
            ClaimKind.Named => !SameName(a.Value, b.Value),
            ClaimKind.Place => !a.Places!.Any(x => b.Places!.Any(y => ClaimExtractor.SamePlace(x, y))),
            ClaimKind.Status or ClaimKind.Cause => (a.Status == StatusValue.Confirmed) != (b.Status == StatusValue.Confirmed),
            _ => false,
        };
        if (conflict is null) return Relation.Complementary;
        if (conflict == false) return Relation.Agree;
        // "has risen to 1,150, up from about 450": the report itself gives one figure as the earlier value.
        if (a.Figure is { IsPrevious: true } || b.Figure is { IsPrevious: true }) return Relation.ChangedOverTime;
        if (a.ReportId == b.ReportId) return Relation.Contradiction;
        if (a.Kind == ClaimKind.Figure && a.Scope is not null && b.Scope is not null && !TimeScope.Same(a.Scope, b.Scope))
            return Relation.DifferentScope;
        if (Order(a, b) is not null && IsRevision(a, b)) return Relation.ChangedOverTime;
        return Relation.Contradiction;
    }

    /// <summary>
    /// Which of two claims is older, when that can be told: by the reports' dates, compared as far as both are given
    /// ("2024" is older than "2025-06-02"; "2025" and "2025-06-02" cannot be ordered); when one report has no date, a
    /// sentence that says it revises ("has risen to", "now", "up from") is the newer one. Null when neither tells.
    /// </summary>
    private static (Claim Older, Claim Newer)? Order(Claim a, Claim b)
    {
        if (a.Published is { Length: >= 4 } pa && b.Published is { Length: >= 4 } pb)
        {
            var n = Math.Min(pa.Length, pb.Length);
            var c = string.CompareOrdinal(pa, 0, pb, 0, n);
            return c < 0 ? (a, b) : c > 0 ? (b, a) : null;
        }
        return a.SaysRevision == b.SaysRevision ? null : a.SaysRevision ? (b, a) : (a, b);
    }

    /// <summary>
    /// A later report revises an earlier one when it says so ("has risen to", "now", "up from", "latest"), when a count grows
    /// (running totals grow), or when an unconfirmed status becomes confirmed. A later, smaller count or a confirmation
    /// followed by a denial is a contradiction.
    /// </summary>
    private static bool IsRevision(Claim a, Claim b)
    {
        var (older, newer) = Order(a, b)!.Value;
        if (newer.SaysRevision) return true;
        return a.Kind switch
        {
            ClaimKind.Figure => newer.Figure!.Value > older.Figure!.Value,
            ClaimKind.Status => older.Status == StatusValue.NotConfirmed && newer.Status == StatusValue.Confirmed,
            _ => false,
        };
    }

    /// <summary>The sentence says it revises ("has risen to", "now", "up from", "latest"): read once per sentence at extraction.</summary>
    public static bool SaysRevision(string sentence) => RevisionCue().IsMatch(sentence);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(now|risen|rose|grown|grew|climbed|increased|up from|down from|revised|updated|latest|so far|to date|brings the total|has reached|have reached)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex RevisionCue();

    /// <summary>True when the figures conflict, false when they agree, null when one adds to the other or is a limit.</summary>
    private static bool? FiguresConflict(Claim a, Claim b)
    {
        var fa = a.Figure!; var fb = b.Figure!;
        if (a.IsCap || b.IsCap) return null;
        // One sentence giving two figures of one noun gives parts ("1,470 adults in the US, 1,400 in Canada"), not two answers
        // (unless it gives one as the other's earlier value: "has risen to 1,150, up from 450").
        if (a.ReportId == b.ReportId && a.Start == b.Start && !fa.IsPrevious && !fb.IsPrevious) return null;
        // "46 passengers" on one train and "9,000 passengers a day" on the line are different quantities.
        if (fa.Rate != fb.Rate) return null;
        // A margin ("won by three votes") and a count of votes, or money and a count, are different quantities.
        if (fa.Measure != fb.Measure) return null;
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

    private static readonly HashSet<string> TimeUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "fortnight", "fortnights",
        "month", "months", "year", "years", "decade", "decades", "century", "centuries",
    };

    public bool SameThing(Claim a, Claim b)
    {
        switch (a.Kind)
        {
            case ClaimKind.Figure:
            {
                // A headline's figure with its noun left implied ("Twelve Hurt") is about a figure of its own report's body
                // for the same kind of event: what happened to them must be close ("hurt" and "taken to hospital", not "died").
                if (a.Figure!.ImpliedNoun || b.Figure!.ImpliedNoun)
                {
                    var (implied, other) = a.Figure.ImpliedNoun ? (a, b) : (b, a);
                    return !other.Figure!.ImpliedNoun && !other.IsHeadline && other.ReportId == implied.ReportId && other.Figure.Verb is { } ov
                        && Similarity(implied.Figure!.Verb!, ov) >= ImpliedVerb;
                }
                // A margin ("won by three votes") is never the same thing as a count of votes; money is not a count.
                if (a.Figure.Measure != b.Figure.Measure) return false;
                // Spans of time in different units ("three months", "two weeks") are different spans, however close the words.
                if (a.Key != b.Key && TimeUnits.Contains(a.KeyWord) && TimeUnits.Contains(b.KeyWord)) return false;
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

            case ClaimKind.Cause:
                // The same cause, asserted by one and denied by the other: a word of one is (close to) a word of the other
                // ("an electrical fault" / "not a wiring problem").
                return a.Context.Any(x => b.Context.Any(y => x == y || Stemmer.Stem(x) == Stemmer.Stem(y) || Similarity(x, y) >= SameCause));
            case ClaimKind.Status:
                // The same object: the head of one object is among (or close to) the words of the other
                // ("the troop deployments" / "the troop presence"; but not "its inspectorate had opened an inquiry into storage").
                return a.Context.Count > 0 && b.Context.Count > 0 && (b.Context.Any(y => SameWord(a.Context[0], y)) || a.Context.Any(x => SameWord(x, b.Context[0])));
            default:
                return false;
        }
    }

    /// <summary>Two words of status objects name the same thing: equal, the same stem, or close in the word-vector space.</summary>
    private bool SameWord(string x, string y) => x == y || Stemmer.Stem(x) == Stemmer.Stem(y) || UnmemoisedSimilarity(x, y) >= SameNoun;

    /// <summary>Figures of the same noun disagree only when they count the same event: an "of"-noun, if both have one, must match too.</summary>
    private bool SharesPredicateOrNone(Claim a, Claim b)
    {
        var oa = a.Figure!.OfNoun; var ob = b.Figure!.OfNoun;
        if (oa is null || ob is null) return true;
        return oa == ob || Similarity(oa, ob) >= 0.4;
    }

    /// <summary>Word-vector similarity, trying the plural too ("troop deployments" vs "soldiers"); memoised per word pair.</summary>
    private double Similarity(string a, string b)
    {
        if (a == b) return 1;
        if (vectors is null) return 0;
        if (_similarities.TryGetValue((a, b), out var known)) return known;
        var value = UnmemoisedSimilarity(a, b);
        if (Interlocked.Increment(ref _similarityCount) > MaxMemoisedPairs) { _similarities.Clear(); Interlocked.Exchange(ref _similarityCount, 0); }
        _similarities[(a, b)] = value;
        return value;
    }

    /// <summary>
    /// <see cref="Similarity"/> without remembering the pair: for scans over every pair of distinct key words, done once
    /// per <see cref="FindAll"/>, where remembering each pair cost more than computing it. A word's rank and its plural's
    /// are looked up once.
    /// </summary>
    private double UnmemoisedSimilarity(string a, string b)
    {
        if (a == b) return 1;
        if (vectors is null) return 0;
        var (ra, pa) = RanksOf(a, vectors);
        var (rb, pb) = RanksOf(b, vectors);
        double best = 0;
        if (ra >= 0 && rb >= 0) best = vectors.Similarity(ra, rb);
        if (pa >= 0 && rb >= 0) best = Math.Max(best, vectors.Similarity(pa, rb));
        if (ra >= 0 && pb >= 0) best = Math.Max(best, vectors.Similarity(ra, pb));
        return best;
    }

    /// <summary>A word's rank and its plural's, remembered (bounded; counted on insert: a concurrent dictionary's Count takes every lock).</summary>
    private (int Rank, int PluralRank) RanksOf(string word, WordVectors vectors)
    {
        if (_ranks.TryGetValue(word, out var known)) return known;
        known = (vectors.Rank(word), vectors.Rank(word + "s"));
        if (Interlocked.Increment(ref _rankCount) > MaxMemoisedPairs) { _ranks.Clear(); Interlocked.Exchange(ref _rankCount, 0); }
        _ranks[word] = known;
        return known;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Rank, int PluralRank)> _ranks = new(StringComparer.Ordinal);
    private int _rankCount;

    private const int MaxMemoisedPairs = 1_000_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), double> _similarities = new();
    private int _similarityCount;

    /// <summary>Every disagreement in a set of claims: claims grouped by what they are about, then split into compatible sides.</summary>
    public List<CorpusDisagreement> FindAll(IReadOnlyList<Claim> claims)
    {
        var result = new List<CorpusDisagreement>();
        // SameThing reads only a claim's signature and whether the starts differ: decided once per pair of signatures
        // (the signature ids FormGroups gave, one numbering per kind).
        var decided = new Dictionary<(int, int, bool), bool>();
        bool Same(Claim a, int sa, Claim b, int sb)
        {
            var key = (sa, sb, a.Start == b.Start);
            if (!decided.TryGetValue(key, out var v)) decided[key] = v = SameThing(a, b);
            return v;
        }
        foreach (var kind in Enum.GetValues<ClaimKind>())
        {
            decided.Clear();
            // In a canonical order (report, position, value), so that the groups and sides do not depend on the order the
            // claims came in (the order reports were read, or added).
            var ofKind = claims.Where(c => c.Kind == kind && !c.IsCap && c.Figure is not { ImpliedNoun: true })
                .OrderBy(c => c.ReportId, StringComparer.Ordinal).ThenBy(c => c.Start).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
            // Groups: a figure or a named thing joins the first group all of whose members are about the same thing as it.
            // Connected components would chain "killed" workers to "treated" people through a claim whose verb is close to both.
            // Places and statuses are few and their words vary ("fighting", "combat", "battled"; "deployment", "troop presence"):
            // for them any link joins groups.
            var chain = kind is ClaimKind.Place or ClaimKind.Status or ClaimKind.Cause;
            var (groups, signatureOf) = FormGroups(ofKind, chain);
            // Splitting a group into sides compares each claim with every side: quadratic in the group. A group of thousands
            // of claims about one thing (every amount of money in a large corpus) is no disagreement a reader can weigh;
            // it is left out rather than let one group take minutes. The test corpora's largest group holds a few dozen.
            foreach (var members in groups.Where(g => g.Count is > 1 and <= MaxGroupClaims))
            {
                // Splitting, keeping the sides that disagree and classifying ask for the same pairs again and again: each
                // ordered pair of the group is compared once (a claim's position in the group stands for it).
                var group = members.Select(k => ofKind[k]).ToList();
                var signature = members.Select(k => signatureOf[k]).ToArray();
                var n = group.Count;
                var memo = new sbyte[n * n];
                Relation rel(int i, int j)
                {
                    ref var m = ref memo[i * n + j];
                    if (m == 0)
                    {
                        var (a, b) = (group[i], group[j]);
                        m = (sbyte)((Comparable(a, b) && Same(a, signature[i], b, signature[j]) ? CompareSameThing(a, b) : Relation.Unrelated) + 1);
                    }
                    return (Relation)(m - 1);
                }
                // A side that only adds to the others (increments) is no side of the disagreement.
                var split = Split(group, rel);
                split = split.Where(side => split.Any(other => other != side && side.Any(x => other.Any(y => rel(x, y) is Relation.Contradiction or Relation.ChangedOverTime or Relation.DifferentScope)))).ToList();
                if (split.Count < 2) continue;
                var relation = Classify(split, group, rel);
                if (relation is null) continue;
                var sides = split.Select(s => (IReadOnlyList<Claim>)s.Select(i => group[i]).ToList()).ToList();
                // The side of each claim (the first side holding an equal claim), looked up instead of searched.
                var sideOf = new Dictionary<Claim, int>();
                for (var i = 0; i < sides.Count; i++)
                    foreach (var c in sides[i]) sideOf.TryAdd(c, i);
                // A report contradicts itself when it states two sides in its own voice (or in the same source's), not
                // when it quotes two sources that disagree (a quote with no attribution found is a voice of its own).
                var within = group.GroupBy(c => c.ReportId).Any(g => g.Where(c => sideOf.ContainsKey(c)).GroupBy(c => c.Attribution ?? (c.IsQuoted ? $"quoted at {c.Start}" : ""))
                    .Any(a => a.Select(c => sideOf[c]).Distinct().Count() > 1));
                result.Add(new CorpusDisagreement(Topic(group[0]), relation.Value, sides, within));
            }
        }
        result.AddRange(HeadlinesAgainstTheirBody(claims));
        return result;
    }

    /// <summary>
    /// A headline figure with its noun left implied ("Twelve Hurt as …") against the figure of its own body it sums up
    /// (the one whose verb is closest): a contradiction within the report when the values do not agree.
    /// </summary>
    private IEnumerable<CorpusDisagreement> HeadlinesAgainstTheirBody(IReadOnlyList<Claim> claims)
    {
        var implieds = claims.Where(c => c.Figure is { ImpliedNoun: true } && !c.IsCap).ToList();
        if (implieds.Count == 0) yield break;
        // Only the figures of the headlines' own reports are candidates: looked up per report, not searched per headline.
        var reports = implieds.Select(c => c.ReportId).ToHashSet(StringComparer.Ordinal);
        var bodyFigures = claims.Where(c => c.Kind == ClaimKind.Figure && reports.Contains(c.ReportId) && !c.IsHeadline && !c.IsCap && c.Figure is { ImpliedNoun: false, IsIncrement: false, Verb: not null })
            .GroupBy(c => c.ReportId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var implied in implieds)
        {
            if (!bodyFigures.TryGetValue(implied.ReportId, out var ofReport)) continue;
            var body = ofReport.Where(c => SameThing(implied, c))
                .OrderByDescending(c => Similarity(implied.Figure!.Verb!, c.Figure!.Verb!)).ThenBy(c => c.Start).FirstOrDefault();
            // Compared without the per-signature memo: whether an implied-noun figure is about another depends on their reports.
            if (body is null || Compare(implied, body) != Relation.Contradiction) continue;
            yield return new CorpusDisagreement(Topic(body), DisagreementKind.Contradiction, [[body], [implied]], WithinReport: true);
        }
    }

    /// <summary>A group being formed: its claims (positions in the list grouped), and per signature (see <see cref="Signature"/>) the sentence starts it holds.</summary>
    private sealed class Group(int seq)
    {
        public int Seq { get; } = seq;
        public List<int> Members { get; } = [];
        public Dictionary<int, HashSet<int>> StartsBySignature { get; } = [];

        public void Add(int member, int start, int signature)
        {
            Members.Add(member);
            if (!StartsBySignature.TryGetValue(signature, out var starts)) StartsBySignature[signature] = starts = [];
            starts.Add(start);
        }
    }

    /// <summary>
    /// Groups claims exactly as "join the first group all of whose members (any member, when <paramref name="chain"/>) are
    /// about the same thing" would, without comparing every claim with every group. <see cref="SameThing"/> depends only on
    /// a claim's signature (the words it compares) and, for figures, on whether the two sentence starts differ; so it is
    /// decided once per pair of distinct signatures, and a claim looks only at the groups holding a signature it matches.
    /// </summary>
    /// <returns>The groups as positions in <paramref name="claims"/>, and each claim's signature id.</returns>
    private (List<List<int>> Groups, int[] SignatureOf) FormGroups(List<Claim> claims, bool chain)
    {
        // Every distinct signature, and the distinct key words: two claims can only be about the same thing when their
        // key words are the same stem or close (a necessary condition of SameThing for figures, named things and places),
        // so closeness is computed over distinct key words first and signatures are compared only within close ones.
        var signatures = new List<Claim>();                                   // a representative claim per distinct signature
        var signatureIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKeyWord = new Dictionary<(string Key, string Word), List<int>>();
        var ids = new int[claims.Count];
        for (var i = 0; i < claims.Count; i++)
        {
            var c = claims[i];
            var key = Signature(c);
            if (!signatureIds.TryGetValue(key, out var id))
            {
                signatureIds[key] = id = signatures.Count;
                signatures.Add(c);
                var kw = KeyWordOf(c);
                if (!byKeyWord.TryGetValue(kw, out var list)) byKeyWord[kw] = list = [];
                list.Add(id);
            }
            ids[i] = id;
        }
        var keyWords = byKeyWord.Keys.ToList();
        var closeKeyWords = new Dictionary<(string, string), List<(string, string)>>();
        var matches = new HashSet<int>?[signatures.Count];                     // per signature: signatures about the same thing (starts differ)
        var sameStart = new Dictionary<(int, int), bool>();                    // SameThing when the starts are equal (stricter)
        var groupsBySignature = new Dictionary<int, HashSet<Group>>();
        var groups = new List<Group>();
        if (chain)
        {
            // Any link joins groups, and being about the same thing does not depend on the sentence (places, statuses):
            // the groups are the connected components of the signatures, found once per signature with a union-find.
            // Members keep the claims' order; groups are ordered by their first claim.
            var parent = Enumerable.Range(0, signatures.Count).ToArray();
            int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
            void Union(int a, int b)
            {
                var (ra, rb) = (Find(a), Find(b));
                if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
            if (claims.Count > 0 && claims[0].Kind == ClaimKind.Status)
            {
                // Statuses: two are about the same thing when the head of one is close to a word of the other. So every
                // signature with head h joins every signature holding a word close to h: linked per (head, close word).
                var heads = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                var words = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                for (var k = 0; k < signatures.Count; k++)
                {
                    var context = signatures[k].Context;
                    if (context.Count == 0) continue;
                    if (!heads.TryGetValue(context[0], out var h)) heads[context[0]] = h = [];
                    h.Add(k);
                    foreach (var w in context.Distinct())
                    {
                        if (!words.TryGetValue(w, out var l)) words[w] = l = [];
                        l.Add(k);
                    }
                }
                foreach (var (head, withHead) in heads)
                    foreach (var (word, holding) in words)
                        if (SameWord(head, word))
                            foreach (var k in holding) Union(withHead[0], k);
            }
            else
            {
                for (var k = 0; k < signatures.Count; k++)
                    foreach (var m in Matches(signatures[k])) Union(k, m);
            }
            return (Enumerable.Range(0, claims.Count).GroupBy(i => Find(ids[i])).Select(g => g.ToList()).ToList(), ids);
        }
        for (var i = 0; i < claims.Count; i++)
        {
            var c = claims[i];
            var sc = ids[i];
            var same = matches[sc] ??= Matches(c);
            var candidates = new HashSet<Group>();
            foreach (var k in same)
                if (groupsBySignature.TryGetValue(k, out var gs)) candidates.UnionWith(gs);
            var home = candidates.Where(g => g.StartsBySignature.All(e =>
                    same.Contains(e.Key) && (!e.Value.Contains(c.Start) || SameThingAtSameStart(e.Key, sc))))
                .MinBy(g => g.Seq);

            bool SameThingAtSameStart(int k, int s)
            {
                if (!sameStart.TryGetValue((k, s), out var v)) sameStart[(k, s)] = v = SameThing(signatures[k] with { Start = c.Start }, c);
                return v;
            }

            if (home is null)
            {
                home = new Group(groups.Count);
                groups.Add(home);
            }
            home.Add(i, c.Start, sc);
            Index(home, sc);
        }
        return (groups.Select(g => g.Members).ToList(), ids);

        HashSet<int> Matches(Claim c)
        {
            var kw = KeyWordOf(c);
            if (!closeKeyWords.TryGetValue(kw, out var close))
                closeKeyWords[kw] = close = keyWords.Where(o => o == kw || o.Key == kw.Key || UnmemoisedSimilarity(kw.Word, o.Word) >= MinKeySimilarity(c.Kind)).ToList();
            var result = new HashSet<int>();
            foreach (var o in close)
                foreach (var k in byKeyWord[o])
                    if (SameThing(signatures[k] with { Start = c.Start == int.MaxValue ? 0 : c.Start + 1 }, c)) result.Add(k);
            return result;
        }

        void Index(Group g, int signature)
        {
            if (!groupsBySignature.TryGetValue(signature, out var set)) groupsBySignature[signature] = set = [];
            set.Add(g);
        }
    }

    /// <summary>The key word a claim is grouped under (statuses compare their objects' words instead: one bucket).</summary>
    private static (string Key, string Word) KeyWordOf(Claim c) => c.Kind == ClaimKind.Status ? ("", "") : (c.Key, c.KeyWord);

    /// <summary>Smallest key-word similarity at which <see cref="SameThing"/> can hold for a kind (see its thresholds).</summary>
    private static double MinKeySimilarity(ClaimKind kind) => kind switch
    {
        ClaimKind.Figure => RelatedNoun,
        ClaimKind.Named => 0.8,
        ClaimKind.Place => 0.4,
        _ => double.NegativeInfinity,
    };

    /// <summary>
    /// Everything <see cref="SameThing"/> reads of a claim, apart from its sentence start (headline figures with an implied
    /// noun also depend on their report: they never enter the memoised grouping).
    /// </summary>
    private static string Signature(Claim c) => c.Kind switch
    {
        ClaimKind.Figure => string.Join('\u0001', c.Key, c.KeyWord, c.Figure!.Verb ?? "\u0002", c.Figure.NounBefore ? "1" : "0", c.Figure.OfNoun ?? "\u0002", c.Figure.Measure),
        ClaimKind.Status => "S\u0001" + string.Join('\u0001', c.Context),
        ClaimKind.Cause => "C\u0001" + string.Join('\u0001', c.Context),
        _ => string.Join('\u0001', c.Key, c.KeyWord),
    };

    /// <summary>
    /// Splits a group into sides of mutually agreeing claims (greedy, largest first), as positions in the group;
    /// <paramref name="rel"/> compares two positions.
    /// </summary>
    private static List<List<int>> Split(List<Claim> group, Func<int, int, Relation> rel)
    {
        var sides = new List<List<int>>();
        for (var c = 0; c < group.Count; c++)
        {
            List<int>? home = null;
            foreach (var side in sides)
            {
                var fits = true; var joins = false;
                foreach (var o in side)
                {
                    var r = rel(o, c);
                    if (r is not (Relation.Agree or Relation.Complementary or Relation.Unrelated)) { fits = false; break; }
                    joins |= r == Relation.Agree || group[o].Value == group[c].Value;
                }
                if (fits && joins) { home = side; break; }
            }
            if (home is null) sides.Add([c]);
            else home.Add(c);
        }
        return sides.OrderByDescending(s => s.Select(i => group[i].ReportId).Distinct().Count()).ToList();
    }

    /// <summary>The kind of a multi-side disagreement: contradiction wins, then different scope, then change over time.</summary>
    private static DisagreementKind? Classify(List<List<int>> sides, List<Claim> group, Func<int, int, Relation> rel)
    {
        bool contradiction = false, changed = false, scope = false;
        for (var i = 0; i < sides.Count; i++)
            for (var j = i + 1; j < sides.Count; j++)
                foreach (var x in sides[i])
                    foreach (var y in sides[j])
                    {
                        var r = rel(x, y);
                        contradiction |= r == Relation.Contradiction;
                        changed |= r == Relation.ChangedOverTime;
                        scope |= r == Relation.DifferentScope;
                        // A dated (or same-report) contradiction decides it: nothing later can change the answer.
                        var (a, b) = (group[x], group[y]);
                        if (r == Relation.Contradiction && (a.ReportId == b.ReportId || a.Published is { Length: 10 } && b.Published is { Length: 10 })) return DisagreementKind.Contradiction;
                    }
        // An undated report cannot be placed in time: when dated reports show a revision, its disagreement with them is part of that change.
        if (contradiction && !changed) return DisagreementKind.Contradiction;
        if (scope) return DisagreementKind.DifferentScope;
        if (changed) return DisagreementKind.ChangedOverTime;
        return null;
    }

    private static string Topic(Claim c) => c.Kind switch
    {
        ClaimKind.Figure => $"the number of {c.KeyWord}",
        ClaimKind.Named => $"which {c.KeyWord}",
        ClaimKind.Place => $"where it happened ({c.KeyWord})",
        ClaimKind.Status => $"whether it was confirmed ({string.Join(' ', c.Context.Take(3))})",
        ClaimKind.Cause => "what caused it",
        _ => c.KeyWord,
    };
}
