using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Ingestion;

/// <summary>What a sync did.</summary>
public sealed record IngestionSummary(int Added, int Updated, int Removed, int Unchanged, int Chunks, TimeSpan Load, TimeSpan Clean, TimeSpan Chunk, TimeSpan Embed, TimeSpan Upsert, TimeSpan Total, TimeSpan Snapshot = default)
{
    /// <summary>Of <see cref="Removed"/>: reports gone from the folder whose chunks were in the index without a manifest (an interrupted sync).</summary>
    public int OrphansRemoved { get; init; }
}

/// <summary>Progress of a sync: <paramref name="Done"/> of <paramref name="Total"/> reports, and the step running.</summary>
public sealed record IngestionProgress(int Done, int Total, string Step, string? ReportId);

/// <summary>
/// Synchronises the corpus folder with the index in named steps: load → clean → chunk → embed → upsert.
/// Unchanged reports (same content hash in their manifest) are skipped, changed ones replaced, deleted ones removed.
/// A report's manifest is written after its chunks, so a sync cut short re-indexes that report next time.
/// </summary>
public sealed class IngestionPipeline(IVectorIndex index, IEmbeddingGenerator<string, Embedding<float>> embeddings, IndexSchema schema, CorpusState state, int maxChunkChars, DisagreementDetector? detector = null)
{
    private const int EmbedBatch = 256;

    /// <summary>Reports are written to the index in groups of about this many points: one delete, the upserts, one manifest write.</summary>
    private const int WriteBatchPoints = 1024;

    public async Task<IngestionSummary> SyncAsync(string corpusFolder, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var reports = ReportLoader.LoadFolder(corpusFolder);
        return await SyncReportsAsync(reports, total, progress, cancellationToken);
    }

    /// <summary>
    /// Makes the index hold exactly <paramref name="reports"/> (loaded elsewhere: a folder, or the documents an evaluation
    /// question brings): the same steps and guarantees as <see cref="SyncAsync"/>.
    /// </summary>
    public Task<IngestionSummary> SyncReportsAsync(IReadOnlyList<Report> reports, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken) =>
        SyncReportsAsync(reports, Stopwatch.StartNew(), progress, cancellationToken);

    private async Task<IngestionSummary> SyncReportsAsync(IReadOnlyList<Report> reports, Stopwatch total, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var load = total.Elapsed;
        var sw = Stopwatch.StartNew();

        // A report whose bytes did not change since the last snapshot keeps its cleaned text and chunks: cleaning and
        // chunking depend only on the text, so an unchanged re-sync (the server's every minute) redoes neither.
        var previous = state.Current;
        sw.Restart();
        var cleaned = reports.Select(r => previous.ById.TryGetValue(r.Id, out var p) && p.Report.ContentHash == r.ContentHash && p.Report.SourcePath == r.SourcePath ? p : ReportCleaner.Clean(r)).ToList();
        var clean = sw.Elapsed;

        sw.Restart();
        var chunksByReport = cleaned.ToDictionary(c => c.Report.Id, c => ReferenceEquals(previous.ById.GetValueOrDefault(c.Report.Id), c) && previous.ChunksOf(c.Report.Id) is { } kept
            ? kept : Chunker.Chunk(c, maxChunkChars), StringComparer.Ordinal);
        var chunkTime = sw.Elapsed;

        // The new snapshot (claims, disagreements: CPU work on this process) is built while Qdrant sets up and takes the writes.
        var snapshotTime = TimeSpan.Zero;
        var snapshotTask = SameReports(previous, cleaned)
            ? Task.FromResult(previous)
            : Task.Run(() =>
            {
                var clock = Stopwatch.StartNew();
                var built = new CorpusSnapshot(cleaned, cleaned.SelectMany(c => chunksByReport[c.Report.Id]).ToList(), detector);
                snapshotTime = clock.Elapsed;
                return built;
            }, CancellationToken.None);
        // Nothing is published when Qdrant or the writes fail; the snapshot's outcome is still observed.
        _ = snapshotTask.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        await index.EnsureCollectionsAsync(schema, cancellationToken);
        var manifests = (await index.GetManifestsAsync(cancellationToken)).ToDictionary(m => m.ReportId, StringComparer.Ordinal);

        int added = 0, updated = 0, removed = 0, unchanged = 0, orphansRemoved = 0;
        var embedTime = TimeSpan.Zero; var upsertTime = TimeSpan.Zero;
        // Reconciled against the index itself, not only the manifests: chunks of a report whose manifest was never written
        // (the process died between the two) are removed too when the report is gone from the folder.
        var indexed = await index.GetChunkReportIdsAsync(cancellationToken);
        var stale = manifests.Keys.Union(indexed, StringComparer.Ordinal).Where(id => !chunksByReport.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        if (stale.Count > 0)
        {
            await index.DeleteReportsAsync(stale, cancellationToken);
            removed = stale.Count;
            orphansRemoved = stale.Count(id => !manifests.ContainsKey(id));
        }

        var done = 0;
        var pending = new List<(CleanedReport Report, IReadOnlyList<Chunk> Chunks, bool IsUpdate)>();
        var pendingPoints = 0;
        foreach (var report in cleaned)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = report.Report.Id;
            var chunks = chunksByReport[id];
            if (manifests.TryGetValue(id, out var m) && m.ContentHash == report.Report.ContentHash && m.ChunkCount == chunks.Count)
            {
                unchanged++;
                progress?.Report(new IngestionProgress(++done, cleaned.Count, "unchanged", id));
                continue;
            }
            pending.Add((report, chunks, manifests.ContainsKey(id)));
            pendingPoints += chunks.Count;
            if (pendingPoints >= WriteBatchPoints) await FlushAsync();
        }
        await FlushAsync();

        var snapshot = await snapshotTask;
        state.Publish(snapshot);
        return new IngestionSummary(added, updated, removed, unchanged, chunksByReport.Values.Sum(c => c.Count), load, clean, chunkTime, embedTime, upsertTime, total.Elapsed, snapshotTime)
            { OrphansRemoved = orphansRemoved };

        // Writes the pending reports: their old chunks go first (replace, never append; this also clears a sync that was
        // cut short), then the chunks, then the manifests, so a report whose manifest is written is complete.
        async Task FlushAsync()
        {
            if (pending.Count == 0) return;
            foreach (var p in pending) progress?.Report(new IngestionProgress(done, cleaned.Count, "embed", p.Report.Report.Id));
            sw.Restart();
            var points = new List<IndexPoint>(pendingPoints);
            var all = pending.SelectMany(p => p.Chunks.Select(c => (p.Report.Report, Chunk: c, c.Text))).ToList();
            for (var i = 0; i < all.Count; i += EmbedBatch)
            {
                var batch = all.Skip(i).Take(EmbedBatch).ToList();
                var vectors = await embeddings.GenerateAsync(batch.Select(c => c.Text), cancellationToken: cancellationToken);
                for (var j = 0; j < batch.Count; j++)
                    points.Add(ToPoint(batch[j].Report, batch[j].Chunk, batch[j].Text, vectors[j].Vector.ToArray()));
            }
            embedTime += sw.Elapsed;

            sw.Restart();
            await index.DeleteReportsAsync(pending.Select(p => p.Report.Report.Id).ToList(), cancellationToken);
            await index.UpsertChunksAsync(points, cancellationToken);
            await index.UpsertManifestsAsync(pending.Select(p =>
            {
                var r = p.Report.Report;
                return new ReportManifest(r.Id, r.ContentHash, p.Chunks.Count, r.Metadata.Title, r.Metadata.Publisher, r.Metadata.Published);
            }).ToList(), cancellationToken);
            upsertTime += sw.Elapsed;
            foreach (var p in pending)
            {
                if (p.IsUpdate) updated++; else added++;
                progress?.Report(new IngestionProgress(++done, cleaned.Count, p.IsUpdate ? "updated" : "added", p.Report.Report.Id));
            }
            pending.Clear();
            pendingPoints = 0;
        }
    }

    /// <summary>True when the snapshot holds exactly these reports (same objects, same order): nothing to rebuild.</summary>
    private static bool SameReports(CorpusSnapshot snapshot, List<CleanedReport> cleaned) =>
        snapshot.Reports.Count == cleaned.Count && snapshot.Reports.Count > 0 && snapshot.Reports.Zip(cleaned).All(x => ReferenceEquals(x.First, x.Second));

    /// <summary>Deterministic point id of a chunk: the same report and position always give the same id.</summary>
    public static Guid PointId(string reportId, int chunkIndex)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"chunk:{reportId}:{chunkIndex}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static IndexPoint ToPoint(Report report, Chunk chunk, string text, float[] dense) =>
        new(PointId(report.Id, chunk.Index), dense, SparseEncoder.EncodeDocument(text),
            new ChunkPayload(report.Id, report.Metadata.Title, report.Metadata.Publisher, report.Metadata.Published,
                chunk.Index, chunk.Start, chunk.End, text, chunk.IsHeadline, report.ContentHash));
}
