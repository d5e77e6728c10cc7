using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Ingestion;

/// <summary>What a sync did.</summary>
/// <remarks><see cref="Skipped"/> lists the report files left out (unreadable, or a step failed on them), with the reason.</remarks>
public sealed record IngestionSummary(int Added, int Updated, int Removed, int Unchanged, int Chunks, TimeSpan Load, TimeSpan Clean, TimeSpan Chunk, TimeSpan Embed, TimeSpan Upsert, TimeSpan Total, TimeSpan Snapshot = default, IReadOnlyList<SkippedReport>? Skipped = null)
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
/// A report that cannot be read, or that a step fails on, is skipped with the reason (<see cref="IngestionSummary.Skipped"/>,
/// <see cref="CorpusState.Skipped"/>); the others are indexed. A report that failed is not tried again until its bytes change.
/// </summary>
public sealed class IngestionPipeline(IVectorIndex index, IEmbeddingGenerator<string, Embedding<float>> embeddings, IndexSchema schema, CorpusState state, int maxChunkChars, DisagreementDetector? detector = null)
{
    private const int EmbedBatch = 256;

    /// <summary>Reports are written to the index in groups of about this many points: one delete, the upserts, one manifest write.</summary>
    private const int WriteBatchPoints = 1024;

    public async Task<IngestionSummary> SyncAsync(string corpusFolder, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var skipped = new List<SkippedReport>();
        var reports = ReportLoader.LoadFolder(corpusFolder, skipped);
        return await SyncReportsAsync(reports, skipped, corpusFolder, total, progress, cancellationToken);
    }

    /// <summary>
    /// Makes the index hold exactly <paramref name="reports"/> (loaded elsewhere: a folder, or the documents an evaluation
    /// question brings): the same steps and guarantees as <see cref="SyncAsync"/>.
    /// </summary>
    public Task<IngestionSummary> SyncReportsAsync(IReadOnlyList<Report> reports, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken) =>
        SyncReportsAsync(reports, [], null, Stopwatch.StartNew(), progress, cancellationToken);

    private async Task<IngestionSummary> SyncReportsAsync(IReadOnlyList<Report> loaded, List<SkippedReport> skipped, string? corpusFolder, Stopwatch total, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var reports = loaded.Where(r => !FailedBefore(r)).ToList();
        var load = total.Elapsed;

        // A report whose bytes did not change since the last snapshot keeps its cleaned text and chunks: cleaning and
        // chunking depend only on the text, so an unchanged re-sync (the server's every minute) redoes neither.
        var previous = state.Current;
        sw.Restart();
        var cleaned = new List<CleanedReport>(reports.Count);
        foreach (var r in reports)
        {
            if (previous.ById.TryGetValue(r.Id, out var p) && p.Report.ContentHash == r.ContentHash && p.Report.SourcePath == r.SourcePath) { cleaned.Add(p); continue; }
            try { cleaned.Add(ReportCleaner.Clean(r)); }
            catch (Exception e) when (IsReportFault(e)) { Fail(r, IngestionStep.Clean, ReportLoader.ReasonOf(e)); }
        }
        var clean = sw.Elapsed;

        sw.Restart();
        var chunksByReport = new Dictionary<string, IReadOnlyList<Chunk>>(StringComparer.Ordinal);
        foreach (var c in cleaned.ToList())
        {
            try
            {
                var chunks = ReferenceEquals(previous.ById.GetValueOrDefault(c.Report.Id), c) && previous.ChunksOf(c.Report.Id) is { } kept ? kept : Chunker.Chunk(c, maxChunkChars);
                if (chunks.Count == 0) throw new InvalidDataException("no text left to index (the file holds only page furniture or nothing readable)");
                chunksByReport[c.Report.Id] = chunks;
            }
            catch (Exception e) when (IsReportFault(e))
            {
                Fail(c.Report, IngestionStep.Chunk, ReportLoader.ReasonOf(e));
                cleaned.Remove(c);
            }
        }
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
            if (manifests.TryGetValue(id, out var m) && m.ContentHash == ManifestHash(report.Report) && m.ChunkCount == chunks.Count)
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
        if (snapshot.FailedReports.Count > 0)
        {
            // Written above while the snapshot was built: taken out again, so the index holds what the snapshot holds.
            await index.DeleteReportsAsync(snapshot.FailedReports.Select(f => f.Report.Report.Id).ToList(), cancellationToken);
            foreach (var (failed, reason) in snapshot.FailedReports) Fail(failed.Report, IngestionStep.Claims, reason);
        }
        var embedFailed = skipped.Where(x => x.Step == IngestionStep.Embed).Select(x => x.ReportId).ToHashSet(StringComparer.Ordinal);
        if (embedFailed.Count > 0)
            snapshot = new CorpusSnapshot(snapshot.Reports.Where(r => !embedFailed.Contains(r.Report.Id)).ToList(), snapshot.Chunks.Where(c => !embedFailed.Contains(c.ReportId)).ToList(), detector);
        skipped.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        state.Publish(snapshot, skipped);
        return new IngestionSummary(added, updated, removed, unchanged, snapshot.Chunks.Count, load, clean, chunkTime, embedTime, upsertTime, total.Elapsed, snapshotTime, skipped)
            { OrphansRemoved = orphansRemoved };

        void Fail(Report report, IngestionStep step, string reason)
        {
            var entry = new SkippedReport(corpusFolder is null ? Path.GetFileName(report.SourcePath) : Path.GetRelativePath(corpusFolder, report.SourcePath), report.Id, step, reason, report.ContentHash);
            skipped.Add(entry);
            // An embedding failure may be the model's passing fault: that report is tried again next sync.
            if (step != IngestionStep.Embed) _failures[report.Id] = (report.ContentHash, report.SourcePath, entry);
        }

        bool FailedBefore(Report report)
        {
            if (!_failures.TryGetValue(report.Id, out var f)) return false;
            if (f.Hash == report.ContentHash && f.Path == report.SourcePath) { skipped.Add(f.Entry); return true; }
            _failures.TryRemove(report.Id, out _);
            return false;
        }

        // Writes the pending reports: their old chunks go first (replace, never append; this also clears a sync that was
        // cut short), then the chunks, then the manifests, so a report whose manifest is written is complete.
        async Task FlushAsync()
        {
            if (pending.Count == 0) return;
            foreach (var p in pending) progress?.Report(new IngestionProgress(done, cleaned.Count, "embed", p.Report.Report.Id));
            sw.Restart();
            var points = new List<IndexPoint>(pendingPoints);
            try { points.AddRange(await EmbedAsync(pending.SelectMany(p => p.Chunks.Select(c => (p.Report.Report, Chunk: c))).ToList(), cancellationToken)); }
            catch (Exception e) when (IsReportFault(e))
            {
                // One report may be what the model rejects: each is embedded alone, and only a report that fails alone is
                // skipped. When every one fails, the model is the problem: the sync fails and is tried again.
                var failures = new List<(CleanedReport Report, Exception Error)>();
                foreach (var p in pending.ToList())
                {
                    try { points.AddRange(await EmbedAsync(p.Chunks.Select(c => (p.Report.Report, Chunk: c)).ToList(), cancellationToken)); }
                    catch (Exception one) when (IsReportFault(one)) { failures.Add((p.Report, one)); }
                }
                if (failures.Count == pending.Count && pending.Count > 1) throw;
                foreach (var (report, error) in failures)
                {
                    Fail(report.Report, IngestionStep.Embed, ReportLoader.ReasonOf(error));
                    pending.RemoveAll(p => ReferenceEquals(p.Report, report));
                }
            }
            embedTime += sw.Elapsed;

            sw.Restart();
            if (pending.Count == 0) { pendingPoints = 0; return; }
            await index.DeleteReportsAsync(pending.Select(p => p.Report.Report.Id).ToList(), cancellationToken);
            await index.UpsertChunksAsync(points, cancellationToken);
            await index.UpsertManifestsAsync(pending.Select(p =>
            {
                var r = p.Report.Report;
                return new ReportManifest(r.Id, ManifestHash(r), p.Chunks.Count, r.Metadata.Title, r.Metadata.Publisher, r.Metadata.Published);
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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Hash, string Path, SkippedReport Entry)> _failures = new(StringComparer.Ordinal);

    private async Task<List<IndexPoint>> EmbedAsync(List<(Report Report, Chunk Chunk)> all, CancellationToken cancellationToken)
    {
        var points = new List<IndexPoint>(all.Count);
        for (var i = 0; i < all.Count; i += EmbedBatch)
        {
            var batch = all.Skip(i).Take(EmbedBatch).ToList();
            var vectors = await embeddings.GenerateAsync(batch.Select(c => c.Chunk.IndexText), cancellationToken: cancellationToken);
            for (var j = 0; j < batch.Count; j++)
            {
                var vector = vectors[j].Vector.ToArray();
                if (vector.Any(v => !float.IsFinite(v))) throw new InvalidDataException($"the embedding of chunk {batch[j].Chunk.Index} is not a finite vector");
                points.Add(ToPoint(batch[j].Report, batch[j].Chunk, vector));
            }
        }
        return points;
    }

    /// <summary>
    /// A failure that belongs to one report (bad data, a bug its text triggers), not to the index or the run:
    /// Qdrant being unavailable and cancellation end the sync, which is tried again as a whole.
    /// </summary>
    private static bool IsReportFault(Exception e) =>
        e is System.Text.RegularExpressions.RegexMatchTimeoutException || e is not (OperationCanceledException or IndexUnavailableException or OutOfMemoryException or HttpRequestException or TimeoutException);

    /// <summary>True when the snapshot holds exactly these reports (same objects, same order): nothing to rebuild.</summary>
    private static bool SameReports(CorpusSnapshot snapshot, List<CleanedReport> cleaned) =>
        snapshot.Reports.Count == cleaned.Count && snapshot.Reports.Count > 0 && snapshot.Reports.Zip(cleaned).All(x => ReferenceEquals(x.First, x.Second));

    /// <summary>
    /// How reports are read and chunks cut and encoded. A new layout re-indexes every report on the next sync, although its
    /// file did not change. 2: a chunk's vectors encode its lead-in (<see cref="Chunk.IndexText"/>). 3: a front matter's
    /// title opens the report's text when its body does not (<see cref="Corpus.ReportLoader.WithHeadline"/>).
    /// </summary>
    public const int IndexLayout = 3;

    /// <summary>What a report's manifest records of it: its content hash under the index layout (the first layout wrote the bare hash).</summary>
    public static string ManifestHash(Report report) => $"{report.ContentHash}/{IndexLayout}";

    /// <summary>Deterministic point id of a chunk: the same report and position always give the same id.</summary>
    public static Guid PointId(string reportId, int chunkIndex)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"chunk:{reportId}:{chunkIndex}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    /// <summary>A chunk's point: its vectors encode its lead-in with it (<see cref="Chunk.IndexText"/>), its payload its own text.</summary>
    private static IndexPoint ToPoint(Report report, Chunk chunk, float[] dense) =>
        new(PointId(report.Id, chunk.Index), dense, SparseEncoder.EncodeDocument(chunk.IndexText), PayloadOf(report, chunk));

    /// <summary>The payload the index holds for a chunk of a report (its text verbatim unless given).</summary>
    public static ChunkPayload PayloadOf(Report report, Chunk chunk, string? text = null) =>
        new(report.Id, report.Metadata.Title, report.Metadata.Publisher, report.Metadata.Published,
            chunk.Index, chunk.Start, chunk.End, text ?? chunk.Text, chunk.IsHeadline, report.ContentHash);
}
