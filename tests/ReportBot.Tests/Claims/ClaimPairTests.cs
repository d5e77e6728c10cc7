using System.Text.Json;
using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Embeddings;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Claims;

/// <summary>
/// The disagreement detector scored on a labelled list of claim pairs from both test corpora
/// (Fixtures/claim-pairs.jsonl): precision and recall of "these two claims disagree", and the kinds.
/// </summary>
public sealed class ClaimPairTests(ITestOutputHelper output)
{
    private static readonly Lazy<WordVectors> Vectors = new(() => WordVectors.Load(TestPaths.WordVectorsJson, TestPaths.WordVectorCache));

    private static List<Claim> ClaimsOf(string folder) => ReportLoader.LoadFolder(folder).Select(ReportCleaner.Clean).SelectMany(ClaimExtractor.Extract).ToList();

    private static IEnumerable<Claim> Find(List<Claim> claims, JsonElement side)
    {
        var report = side.GetProperty("report").GetString();
        var contains = side.GetProperty("contains").GetString()!;
        var value = side.TryGetProperty("value", out var v) ? v.GetString() : null;
        // The reports use no-break spaces; the list is written with plain ones.
        static string Plain(string s) => s.Replace('\u00A0', ' ');
        return claims.Where(c => c.ReportId == report && Plain(c.Sentence).Contains(contains, StringComparison.Ordinal) && (value is null || Plain(c.Value).Contains(value, StringComparison.Ordinal)));
    }

    [Fact]
    public void Detector_OnTheLabelledPairs_HasPrecisionAndRecallOfAtLeast90Percent()
    {
        var detector = new DisagreementDetector(Vectors.Value);
        var claims = new Dictionary<string, List<Claim>> { ["seed"] = ClaimsOf(TestPaths.Corpus), ["second"] = ClaimsOf(TestPaths.SecondCorpus) };
        int tp = 0, fp = 0, fn = 0, tn = 0, kindsRight = 0;
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "claim-pairs.jsonl")).Where(l => l.StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(line);
            var pair = doc.RootElement;
            var all = claims[pair.GetProperty("corpus").GetString()!];
            var expected = pair.GetProperty("conflict").GetBoolean();
            var candidates = Find(all, pair.GetProperty("a")).SelectMany(a => Find(all, pair.GetProperty("b")).Select(b => (a, b))).Where(x => x.a.Kind == x.b.Kind).ToList();
            var relation = candidates.Select(x => detector.Compare(x.a, x.b)).DefaultIfEmpty(Relation.Unrelated).Max();
            var predicted = relation is Relation.Contradiction or Relation.ChangedOverTime or Relation.DifferentScope;
            var id = pair.GetProperty("id").GetString();
            output.WriteLine($"{id}: expected {(expected ? "conflict" : "none")}, got {relation}{(candidates.Count == 0 ? " (no claim extracted)" : "")}");
            if (expected && predicted) tp++;
            else if (!expected && predicted) fp++;
            else if (expected) fn++;
            else tn++;
            if (expected && predicted && pair.TryGetProperty("kind", out var k) && KindOf(relation) == k.GetString()) kindsRight++;
        }
        var precision = (double)tp / Math.Max(1, tp + fp);
        var recall = (double)tp / Math.Max(1, tp + fn);
        output.WriteLine($"pairs: {tp + fp + fn + tn}; precision {precision:0.000}; recall {recall:0.000}; kinds right {kindsRight}/{tp}");
        precision.ShouldBeGreaterThanOrEqualTo(0.9);
        recall.ShouldBeGreaterThanOrEqualTo(0.9);
    }

    private static string KindOf(Relation r) => r switch
    {
        Relation.ChangedOverTime => "changed-over-time",
        Relation.DifferentScope => "different-scope",
        _ => "contradiction",
    };

    [Fact]
    public void FindAll_OnBothCorpora_FindsTheDisagreementsOfEveryKind_AndNoneOfTheComplementaryFigures()
    {
        var detector = new DisagreementDetector(Vectors.Value);
        var seed = detector.FindAll(ClaimsOf(TestPaths.Corpus));
        var second = detector.FindAll(ClaimsOf(TestPaths.SecondCorpus));
        foreach (var d in seed.Concat(second)) output.WriteLine($"{d.Kind}: {d.Topic} — {string.Join(" | ", d.Sides.Select(s => string.Join(", ", s.Select(c => c.Value))))}");
        seed.ShouldContain(d => d.Kind == DisagreementKind.Contradiction && d.WithinReport && d.Claims.Any(c => c.IsHeadline));
        seed.ShouldContain(d => d.Claims.Any(c => c.Kind == ClaimKind.Named));
        seed.ShouldContain(d => d.Claims.Any(c => c.Kind == ClaimKind.Place));
        seed.ShouldContain(d => d.Kind == DisagreementKind.ChangedOverTime && d.Claims.Any(c => c.Kind == ClaimKind.Status));
        second.ShouldContain(d => d.Kind == DisagreementKind.DifferentScope);
        second.ShouldContain(d => d.Kind == DisagreementKind.ChangedOverTime);
        second.ShouldContain(d => d.Kind == DisagreementKind.Contradiction && d.Claims.Any(c => c.Kind == ClaimKind.Status));
        // The disputed cause: asserted by the fire service, denied by the union (quoted in another report: no self-contradiction).
        second.ShouldContain(d => d.Kind == DisagreementKind.Contradiction && !d.WithinReport && d.Claims.Any(c => c.Kind == ClaimKind.Cause && c.Status == StatusValue.Denied)
            && d.Claims.Any(c => c.Kind == ClaimKind.Cause && c.Status == StatusValue.Confirmed));
        // A headline figure with an implied noun against its own body.
        second.ShouldContain(d => d.Kind == DisagreementKind.Contradiction && d.WithinReport && d.Claims.Any(c => c.IsHeadline && c.Figure != null && c.Figure.ImpliedNoun)
            && d.Claims.Any(c => !c.IsHeadline && c.ReportId == d.Claims.First(h => h.IsHeadline).ReportId));
        // One sentence giving a figure and its earlier value: a change over time the report itself states.
        second.ShouldContain(d => d.Kind == DisagreementKind.ChangedOverTime && d.Claims.Any(c => c.Figure != null && c.Figure.IsPrevious));
        // Initial figures plus reinforcements, and the same figure repeated, are never sides.
        foreach (var d in seed.Concat(second))
        {
            d.Claims.ShouldNotContain(c => c.Figure != null && c.Figure.IsIncrement && d.Claims.Any(o => o.Figure != null && !o.Figure.IsIncrement && o.Figure.Value > c.Figure.Value),
                $"an increment is a side of {d.Topic}");
            foreach (var side in d.Sides.Skip(1)) side.ShouldNotContain(c => d.Sides[0].Any(o => o.Value == c.Value && o.Kind == ClaimKind.Figure), $"the same figure on two sides of {d.Topic}");
        }
    }

    [Fact]
    public void FindAll_DoesNotDependOnTheOrderTheClaimsCameIn()
    {
        var detector = new DisagreementDetector(Vectors.Value);
        foreach (var folder in new[] { TestPaths.Corpus, TestPaths.SecondCorpus })
        {
            var claims = ClaimsOf(folder);
            var expected = Describe(detector.FindAll(claims));
            expected.ShouldNotBeEmpty();
            for (var seed = 1; seed <= 5; seed++)
            {
                var shuffled = claims.OrderBy(_ => 0).ToList();
                new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
                Describe(detector.FindAll(shuffled)).ShouldBe(expected, $"shuffle {seed} of {Path.GetFileName(folder)}");
            }
        }

        static List<string> Describe(List<CorpusDisagreement> found) => found
            .Select(d => $"{d.Kind} {d.Topic} {d.WithinReport}: " + string.Join(" | ", d.Sides.Select(s => string.Join(", ", s.Select(c => $"{c.ReportId}@{c.Start}={c.Value}").Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
    }
}
