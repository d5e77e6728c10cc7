using ReportBot.Core.Ingestion;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Ingestion;

/// <summary>Sync, not append: unchanged reports skipped, changed replaced, deleted removed; runs are repeatable.</summary>
[Collection("qdrant")]
public sealed class SyncTests(QdrantFixture qdrant)
{
    /// <summary>Every point of the chunk collection, read with a Qdrant.Client of the test's own (not the bot's index code).</summary>
    private Task<List<string>> SnapshotAsync(TestServices s) =>
        QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, s.Index.ChunkCollection, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Sync_AddChangeDeleteRerun_KeepsTheIndexInStepWithTheFolder()
    {
        var corpus = TestPaths.CopyOf(TestPaths.Corpus);
        await using var s = new TestServices(qdrant, corpus);

        var first = await s.SyncAsync();
        (first.Added, first.Updated, first.Removed, first.Unchanged).ShouldBe((5, 0, 0, 0));
        var before = await SnapshotAsync(s);
        before.Count.ShouldBe(first.Chunks);

        // Rerun: nothing changes, and the collection is identical point for point.
        var again = await s.SyncAsync();
        (again.Added, again.Updated, again.Removed, again.Unchanged).ShouldBe((0, 0, 0, 5));
        (await SnapshotAsync(s)).ShouldBe(before);

        // Change one report: it is replaced, not appended.
        var changed = Path.Combine(corpus, "moscow-times-2025-03-27.md");
        File.WriteAllText(changed, File.ReadAllText(changed).Replace("4,000 are believed", "5,000 are believed", StringComparison.Ordinal));
        var update = await s.SyncAsync();
        (update.Added, update.Updated, update.Removed, update.Unchanged).ShouldBe((0, 1, 0, 4));
        var afterUpdate = await SnapshotAsync(s);
        afterUpdate.Count.ShouldBe(before.Count);
        afterUpdate.ShouldContain(p => p.Contains("5,000 are believed", StringComparison.Ordinal));
        afterUpdate.ShouldNotContain(p => p.Contains("4,000 are believed", StringComparison.Ordinal));

        // Delete one, add a plain text report.
        File.Delete(Path.Combine(corpus, "gdc-2025.md"));
        File.WriteAllText(Path.Combine(corpus, "harbour-note.txt"), "Harbour crane collapse injures 12\n\nMarch 3, 2026\n\nTwelve dock workers were injured when a crane collapsed at the port, the harbour authority said on Tuesday.");
        var churn = await s.SyncAsync();
        (churn.Added, churn.Updated, churn.Removed, churn.Unchanged).ShouldBe((1, 0, 1, 4));
        var after = await SnapshotAsync(s);
        after.ShouldNotContain(p => p.Contains("\"report_id\":\"gdc-2025\"", StringComparison.Ordinal));
        after.ShouldContain(p => p.Contains("\"report_id\":\"harbour-note\"", StringComparison.Ordinal));
        (await s.Index.GetManifestsAsync(TestContext.Current.CancellationToken)).Select(m => m.ReportId).Order()
            .ShouldBe(["anti-air-missiles-for-soldiers", "harbour-note", "military-alliance-sanctions-report", "missiles-for-troops-claim", "moscow-times-2025-03-27"]);
    }

    [Fact]
    public async Task Sync_TwoFreshIndexes_GetIdenticalDeterministicPoints()
    {
        await using var a = new TestServices(qdrant, TestPaths.Corpus);
        await using var b = new TestServices(qdrant, TestPaths.Corpus);
        await a.SyncAsync();
        await b.SyncAsync();
        var pa = await SnapshotAsync(a);
        pa.ShouldBe(await SnapshotAsync(b));
        pa.ShouldContain(p => p.Contains(IngestionPipeline.PointId("gdc-2025", 0).ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_AfterAnInterruptedReport_ReindexesItWhole()
    {
        await using var s = new TestServices(qdrant, TestPaths.Corpus);
        var first = await s.SyncAsync();
        var before = await SnapshotAsync(s);
        // An interrupted sync leaves chunks without a manifest (the manifest is written last).
        await s.Index.DeleteReportAsync("gdc-2025", TestContext.Current.CancellationToken);
        await s.Index.UpsertChunksAsync([], TestContext.Current.CancellationToken);
        var repair = await s.SyncAsync();
        repair.Added.ShouldBe(1);
        repair.Chunks.ShouldBe(first.Chunks);
        (await SnapshotAsync(s)).ShouldBe(before);
    }
}
