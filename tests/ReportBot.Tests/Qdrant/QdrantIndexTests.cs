using System.Diagnostics;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Qdrant;
using Shouldly;
using Xunit;
using QdrantGrpc = Qdrant.Client.Grpc;

namespace ReportBot.Tests.Qdrant;

[Collection("qdrant")]
public sealed class QdrantIndexTests(QdrantFixture fixture)
{
    private static readonly IndexSchema Schema = new("chunks", "manifests", 4);
    private static readonly Guid P1 = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid P2 = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid P3 = Guid.Parse("33333333-3333-4333-8333-333333333333");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IndexPoint Point(Guid id, string reportId, string? publisher, string? published, float[] dense, uint[] terms, int chunkIndex = 0) =>
        new(id, dense, new SparseVector(terms, terms.Select(_ => 1f).ToArray()),
            new ChunkPayload(reportId, "Title " + reportId, publisher, published, chunkIndex, 10, 20, "text of " + reportId, chunkIndex == 0, "hash-" + reportId));

    private static IndexPoint[] SamplePoints() =>
    [
        Point(P1, "r1", "Alpha", "2025-06-02", [1, 0, 0, 0], [10, 20]),
        Point(P2, "r2", "Beta", "2024", [0, 1, 0, 0], [30]),
        Point(P3, "r3", null, null, [0, 0, 1, 0], []), // empty sparse vector
    ];

    private async Task<QdrantIndex> SeededIndexAsync()
    {
        var index = fixture.CreateIndex("idx");
        await index.EnsureCollectionsAsync(Schema, Ct);
        await index.UpsertChunksAsync(SamplePoints(), Ct);
        return index;
    }

    private static HybridQuery Query(float[] dense, uint[] terms, FusionMode fusion, QueryFilter? filter = null) =>
        new(dense, new SparseVector(terms, terms.Select(_ => 1f).ToArray()), 10, 20, fusion, filter);

    [Fact]
    public async Task EnsureCollections_is_idempotent_and_checks_the_dimension()
    {
        var index = fixture.CreateIndex("ensure");
        await index.EnsureCollectionsAsync(Schema, Ct);
        await index.EnsureCollectionsAsync(Schema, Ct);
        (await index.CountChunksAsync(Ct)).ShouldBe(0);
        (await index.GetManifestsAsync(Ct)).ShouldBeEmpty();

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => index.EnsureCollectionsAsync(Schema with { DenseDimensions = 8 }, Ct));
        ex.Message.ShouldContain("size 4");
    }

    [Fact]
    public async Task EnsureCollections_adds_the_payload_indexes_an_existing_collection_lacks()
    {
        // A chunk collection made without payload indexes (as by an older version): ensuring adds the missing ones, and a
        // second ensure finds them (it only creates what payload_schema lacks).
        var index = fixture.CreateIndex("lacking");
        using var client = QdrantReads.Client(fixture.GrpcEndpoint);
        var name = index.CollectionName(Schema.ChunkCollection);
        await client.CreateCollectionAsync(name, new QdrantGrpc.VectorParamsMap { Map = { ["dense"] = new QdrantGrpc.VectorParams { Size = 4, Distance = QdrantGrpc.Distance.Cosine } } },
            sparseVectorsConfig: new QdrantGrpc.SparseVectorConfig { Map = { ["sparse"] = new QdrantGrpc.SparseVectorParams { Modifier = QdrantGrpc.Modifier.Idf } } }, cancellationToken: Ct);
        (await PayloadFieldsAsync()).ShouldBeEmpty();

        await index.EnsureCollectionsAsync(Schema, Ct);
        (await PayloadFieldsAsync()).ShouldBe(["published_date", "publisher", "report_id"], ignoreOrder: true);
        // The older version's idf modifier is turned off: the query carries the IDF now, and it must not count twice.
        (await client.GetCollectionInfoAsync(name, Ct)).Config.Params.SparseVectorsConfig.Map["sparse"].Modifier.ShouldBe(QdrantGrpc.Modifier.None);
        await index.EnsureCollectionsAsync(Schema, Ct);
        (await PayloadFieldsAsync()).Count.ShouldBe(3);
        await index.UpsertChunksAsync(SamplePoints(), Ct);
        (await index.QueryAsync(Query([1, 0, 0, 0], [10], FusionMode.Rrf, new QueryFilter(ReportIds: ["r1"])), Ct)).Select(c => c.Payload.ReportId).ShouldBe(["r1"]);

        async Task<List<string>> PayloadFieldsAsync() => (await client.GetCollectionInfoAsync(name, Ct)).PayloadSchema.Keys.ToList();
    }

    [Fact]
    public async Task Calls_before_a_schema_is_known_fail_clearly()
    {
        var index = fixture.CreateIndex("noschema");
        await Should.ThrowAsync<InvalidOperationException>(() => index.CountChunksAsync(Ct));
    }

    [Fact]
    public async Task Upsert_then_query_sparse_dense_and_fused()
    {
        var index = await SeededIndexAsync();
        (await index.CountChunksAsync(Ct)).ShouldBe(3);

        var sparse = await index.QueryAsync(Query([0, 1, 0, 0], [20], FusionMode.SparseOnly), Ct);
        sparse.Select(c => c.Id).ShouldBe([P1]);
        sparse[0].Payload.ShouldBe(SamplePoints()[0].Payload);

        var dense = await index.QueryAsync(Query([0.1f, 0.9f, 0, 0], [20], FusionMode.DenseOnly), Ct);
        dense[0].Id.ShouldBe(P2);
        dense.Count.ShouldBe(3);

        foreach (var fusion in new[] { FusionMode.Rrf, FusionMode.Dbsf })
        {
            var fused = await index.QueryAsync(Query([0.1f, 0.9f, 0, 0], [20], fusion), Ct);
            fused.Select(c => c.Id).ShouldContain(P1);
            fused.Select(c => c.Id).ShouldContain(P2);
            fused.ShouldBeInOrder(SortDirection.Descending, Comparer<ScoredChunk>.Create((a, b) => a.Score.CompareTo(b.Score)));
        }

        // No query terms: fused modes fall back to dense, sparse-only finds nothing.
        (await index.QueryAsync(Query([0, 0, 1, 0], [], FusionMode.Rrf), Ct))[0].Id.ShouldBe(P3);
        (await index.QueryAsync(Query([0, 0, 1, 0], [], FusionMode.SparseOnly), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Equal_passages_come_back_in_one_order_whatever_order_they_were_written_in()
    {
        // Three reports carrying the same passage (same dense and sparse vectors) score alike: fused, they share one score
        // and come back in the order of their point ids (fixed per chunk), however the upserts were ordered. Fused inside
        // Qdrant, they came back in write order with different scores, so which of two equal passages was cited changed
        // between runs.
        var orders = new List<List<string>>();
        foreach (var (name, reports) in new[] { ("tiesab", new[] { "rb", "ra", "rc" }), ("tiesba", new[] { "rc", "ra", "rb" }) })
        {
            var index = fixture.CreateIndex(name);
            await index.EnsureCollectionsAsync(Schema, Ct);
            foreach (var r in reports)
                await index.UpsertChunksAsync([Point(IngestionPipeline.PointId(r, 0), r, null, null, [0.6f, 0.8f, 0, 0], [10, 20])], Ct);
            var hits = await index.QueryAsync(Query([0.6f, 0.8f, 0, 0], [10], FusionMode.Rrf), Ct);
            hits.Select(h => h.Score).Distinct().Count().ShouldBe(1, name);
            hits.Select(h => h.Id).ShouldBeInOrder(SortDirection.Ascending);
            hits.Select(h => h.Payload.Text).ShouldAllBe(t => t.Length > 0); // the payloads are fetched for the chunks kept
            orders.Add(hits.Select(h => h.Payload.ReportId).ToList());
        }
        orders[0].Order().ShouldBe(["ra", "rb", "rc"]);
        orders[1].ShouldBe(orders[0]);
    }

    [Fact]
    public async Task Deleted_points_do_not_change_the_scores_of_the_rest()
    {
        // A re-sync deletes a changed report's points; the scores of the others must be those of an index that never had
        // them. With Qdrant's idf modifier they were not: deleted points kept counting until its optimizer vacuumed them.
        var fresh = fixture.CreateIndex("idffresh");
        await fresh.EnsureCollectionsAsync(Schema, Ct);
        await fresh.UpsertChunksAsync([Point(P1, "keep", null, null, [1, 0, 0, 0], [10, 20])], Ct);
        var resynced = fixture.CreateIndex("idfresync");
        await resynced.EnsureCollectionsAsync(Schema, Ct);
        await resynced.UpsertChunksAsync([Point(P1, "keep", null, null, [1, 0, 0, 0], [10, 20]),
            .. Enumerable.Range(0, 40).Select(i => Point(Guid.NewGuid(), "gone", null, null, [0, 1, 0, 0], [10], i))], Ct);
        await resynced.DeleteReportAsync("gone", Ct);

        var expected = await fresh.QueryAsync(Query([0, 0, 1, 0], [10, 20], FusionMode.SparseOnly), Ct);
        var actual = await resynced.QueryAsync(Query([0, 0, 1, 0], [10, 20], FusionMode.SparseOnly), Ct);
        actual.Select(h => (h.Payload.ReportId, h.Score)).ShouldBe(expected.Select(h => (h.Payload.ReportId, h.Score)));
    }

    [Fact]
    public async Task Upsert_is_batched_and_replaces_points_with_the_same_id()
    {
        var index = fixture.CreateIndex("batch");
        await index.EnsureCollectionsAsync(Schema, Ct);
        var points = Enumerable.Range(0, 600).Select(i => Point(Guid.NewGuid(), "big", "Alpha", "2025", [1, i, 0, 0], [(uint)i], i)).ToList();
        await index.UpsertChunksAsync(points, Ct);
        await index.UpsertChunksAsync(points.Take(10).ToList(), Ct);
        (await index.CountChunksAsync(Ct)).ShouldBe(600);
    }

    [Theory]
    [InlineData(new[] { "r2" }, null, null, null, new[] { "r2" })]
    [InlineData(null, new[] { "Alpha", "Beta" }, null, null, new[] { "r1", "r2" })]
    [InlineData(null, new[] { "Nobody" }, null, null, new string[0])]
    [InlineData(null, null, "2025-01-01", null, new[] { "r1" })]
    [InlineData(null, null, null, "2024-12-31", new[] { "r2" })]
    [InlineData(null, null, "2025-06", "2025-06", new[] { "r1" })]
    [InlineData(null, null, "2024", "2025-06-02", new[] { "r1", "r2" })]
    [InlineData(null, null, "2025-06-03", null, new string[0])]
    [InlineData(new[] { "r1", "r2" }, new[] { "Beta" }, "2024", "2024", new[] { "r2" })]
    public async Task Filters_by_report_publisher_and_date(string[]? reportIds, string[]? publishers, string? from, string? to, string[] expected)
    {
        var index = await SeededIndexAsync();
        var filter = new QueryFilter(reportIds, publishers, from, to);
        foreach (var fusion in Enum.GetValues<FusionMode>())
        {
            var hits = await index.QueryAsync(Query([0.5f, 0.5f, 0.5f, 0], [10, 20, 30], fusion, filter), Ct);
            var expectedHere = fusion == FusionMode.SparseOnly ? expected.Where(r => r != "r3") : expected; // r3 has no terms
            hits.Select(h => h.Payload.ReportId).Order().ShouldBe(expectedHere.Order(), $"fusion {fusion}");
        }
    }

    [Fact]
    public async Task Bad_filter_date_is_an_argument_error()
    {
        var index = await SeededIndexAsync();
        await Should.ThrowAsync<ArgumentException>(() =>
            index.QueryAsync(Query([1, 0, 0, 0], [10], FusionMode.Rrf, new QueryFilter(PublishedFrom: "last week")), Ct));
    }

    [Fact]
    public async Task Qdrant_errors_carry_its_message()
    {
        var index = await SeededIndexAsync();
        var ex = await Should.ThrowAsync<InvalidOperationException>(() => index.QueryAsync(Query([1, 0], [10], FusionMode.DenseOnly), Ct));
        ex.Message.ShouldContain("Vector dimension error");
    }

    [Fact]
    public async Task Manifests_round_trip_with_paging_and_upsert_replaces()
    {
        var index = fixture.CreateIndex("manifest");
        await index.EnsureCollectionsAsync(Schema, Ct);
        var manifests = Enumerable.Range(0, 300)
            .Select(i => new ReportManifest($"report-{i}", $"hash-{i}", i, $"Title {i}", i % 2 == 0 ? "Alpha" : null, i % 3 == 0 ? null : "2025-06"))
            .ToList();
        foreach (var m in manifests)
            await index.UpsertManifestAsync(m, Ct);
        await index.UpsertManifestAsync(manifests[7] with { ContentHash = "changed" }, Ct);

        var read = await index.GetManifestsAsync(Ct);
        read.Count.ShouldBe(300);
        read.OrderBy(m => m.ChunkCount).ShouldBe(manifests.Select(m => m.ReportId == "report-7" ? m with { ContentHash = "changed" } : m));
    }

    [Fact]
    public async Task Delete_report_removes_its_chunks_and_manifest()
    {
        var index = await SeededIndexAsync();
        await index.UpsertManifestAsync(new ReportManifest("r1", "hash-r1", 1, "Title r1", "Alpha", "2025-06-02"), Ct);
        await index.UpsertManifestAsync(new ReportManifest("r2", "hash-r2", 1, "Title r2", "Beta", "2024"), Ct);

        await index.DeleteReportAsync("r1", Ct);
        await index.DeleteReportAsync("never-indexed", Ct);

        (await index.CountChunksAsync(Ct)).ShouldBe(2);
        (await index.GetManifestsAsync(Ct)).Select(m => m.ReportId).ShouldBe(["r2"]);
        (await index.QueryAsync(Query([1, 0, 0, 0], [10, 20], FusionMode.Rrf, new QueryFilter(["r1"])), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Killed_qdrant_gives_IndexUnavailable_fast_while_the_circuit_is_open_then_recovers()
    {
        var index = await SeededIndexAsync();
        await index.UpsertManifestAsync(new ReportManifest("r1", "hash-r1", 1, "Title r1", "Alpha", "2025-06-02"), Ct);
        (await index.IsAvailableAsync(Ct)).ShouldBeTrue();
        try
        {
            await fixture.Process.KillAsync();
            (await index.IsAvailableAsync(Ct)).ShouldBeFalse();

            // Each call retries, then fails; once failures outweigh the earlier successes (ratio 0.5) the circuit opens.
            var calls = 0;
            while (true)
            {
                var failed = await Should.ThrowAsync<IndexUnavailableException>(() => index.CountChunksAsync(Ct));
                if (failed.Message.Contains("circuit open", StringComparison.Ordinal))
                    break;
                (++calls).ShouldBeLessThan(10);
            }
            var watch = Stopwatch.StartNew();
            var open = await Should.ThrowAsync<IndexUnavailableException>(() => index.QueryAsync(Query([1, 0, 0, 0], [10], FusionMode.Rrf), Ct));
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(200));
            open.Message.ShouldContain("circuit open");

            await fixture.Process.StartAsync(Ct);
            // The gRPC channel reconnects within its (short) backoff: available again within seconds, not at once.
            var available = Stopwatch.StartNew();
            while (!await index.IsAvailableAsync(Ct) && available.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(100, Ct);
            (await index.IsAvailableAsync(Ct)).ShouldBeTrue();

            // The same index recovers once the circuit lets a probe through (break duration 5 s).
            var deadline = Stopwatch.StartNew();
            long? count = null;
            while (count is null)
            {
                try
                {
                    count = await index.CountChunksAsync(Ct);
                }
                catch (IndexUnavailableException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(250, Ct);
                }
            }
            count.ShouldBe(3); // written with wait=true before the crash: recovered from the WAL
            (await index.GetManifestsAsync(Ct)).Select(m => m.ReportId).ShouldBe(["r1"]);
            (await index.QueryAsync(Query([1, 0, 0, 0], [10], FusionMode.Rrf), Ct))[0].Id.ShouldBe(P1);
        }
        finally
        {
            if (!fixture.Process.IsRunning)
                await fixture.Process.StartAsync(CancellationToken.None);
        }
    }
}
