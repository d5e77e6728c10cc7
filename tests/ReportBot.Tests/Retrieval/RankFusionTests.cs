using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Retrieval;

public sealed class RankFusionTests
{
    private static ScoredChunk C(string report, int chunk, double score) =>
        new(IngestionPipeline.PointId(report, chunk), score, new ChunkPayload(report, report, null, null, chunk, 0, 1, "text", false, "h"));

    [Fact]
    public void Fused_scores_are_qdrants_rrf_and_equal_scores_share_a_rank()
    {
        var a = C("a", 0, 0.9); var b = C("b", 0, 0.9); var c = C("c", 0, 0.5);
        var sparse = new[] { c with { Score = 3 }, b with { Score = 2 }, a with { Score = 2 } };
        var dense = new[] { a, b, c };
        var fused = RankFusion.Reciprocal([sparse, dense], perList: 10, limit: 10);
        // c: ranks 0 and 2 → 1/2 + 1/4; a and b: ranks 1 (tied) and 0 (tied) → 1/3 + 1/2 each, in point id order.
        fused.Select(x => (x.Payload.ReportId, x.Score)).OrderBy(x => x.ReportId).ShouldBe([("a", 1.0 / 3 + 0.5), ("b", 1.0 / 3 + 0.5), ("c", 0.75)]);
        fused.Take(2).Select(x => x.Id).ShouldBeInOrder(SortDirection.Ascending);
        fused[2].Payload.ReportId.ShouldBe("c");
    }

    [Fact]
    public void Each_list_counts_its_best_and_the_result_is_cut_to_its_limit()
    {
        var list = new[] { C("w", 0, 3), C("v", 0, 2), C("u", 0, 0.2) };
        RankFusion.Reciprocal([list], perList: 2, limit: 10).Select(x => x.Payload.ReportId).ShouldBe(["w", "v"]);
        RankFusion.Reciprocal([list], perList: 3, limit: 1).Single().Payload.ReportId.ShouldBe("w");
    }

    [Fact]
    public void A_run_of_equal_scores_across_the_cut_counts_whole_or_not_at_all()
    {
        // Seen whole (a lower score follows it): every member counts, at one rank, in point id order.
        var whole = new[] { C("z", 0, 1), C("y", 1, 1), C("best", 0, 5), C("y", 0, 1), C("x", 0, 0.2) };
        var fused = RankFusion.Reciprocal([whole], perList: 2, limit: 10);
        fused.Select(x => (x.Payload.ReportId, x.Payload.ChunkIndex, x.Score)).OrderByDescending(x => x.Score).ThenBy(x => x.ReportId).ThenBy(x => x.ChunkIndex)
            .ShouldBe([("best", 0, 0.5), ("y", 0, 1.0 / 3), ("y", 1, 1.0 / 3), ("z", 0, 1.0 / 3)]);
        fused.Skip(1).Select(x => x.Id).ShouldBeInOrder(SortDirection.Ascending);
        // Running past what was fetched (perList + TieMargin candidates, the last still equal): none of it counts, so the
        // index's choice of members cannot pick the answer; the first in id order would otherwise always win.
        var cutShort = new[] { C("best", 0, 5) }.Concat(Enumerable.Range(0, 2 + RankFusion.TieMargin - 1).Select(i => C($"tie{i:00}", 0, 1))).ToArray();
        RankFusion.Reciprocal([cutShort], perList: 2, limit: 10).Select(x => x.Payload.ReportId).ShouldBe(["best"]);
    }

    [Fact]
    public void The_query_carries_the_idf_of_the_corpus()
    {
        var stats = CorpusStatistics.Build(new[] { "harbour cranes idle", "harbour pilots strike", "cranes" }
            .Select((t, i) => new Chunk($"r{i}", 0, 0, t.Length, false, t)));
        var stem = (string w) => Terms.Of(w).Single().Stem;
        var q = SparseEncoder.EncodeQuery([stem("harbour"), stem("pilots")], [(stem("strike"), 0.5f)], stats);
        float Weight(string w) => q.Values[Array.IndexOf(q.Indices, Terms.Id(stem(w)))];
        Weight("harbour").ShouldBe((float)stats.Idf(stem("harbour")), 1e-6);
        Weight("pilots").ShouldBe((float)stats.Idf(stem("pilots")), 1e-6);
        Weight("strike").ShouldBe((float)(0.5 * stats.Idf(stem("strike"))), 1e-6);
        Weight("pilots").ShouldBeGreaterThan(Weight("harbour")); // rarer in the corpus
    }
}
