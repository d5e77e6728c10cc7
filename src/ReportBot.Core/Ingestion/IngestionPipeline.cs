using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Ingestion;

/// <summary>What a sync did.</summary>
public sealed record IngestionSummary(int Added, int Updated, int Removed, int Unchanged, int Chunks, TimeSpan Load, TimeSpan Clean, TimeSpan Chunk, TimeSpan Embed, TimeSpan Upsert, TimeSpan Total);

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

    public async Task<IngestionSummary> SyncAsync(string corpusFolder, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        var reports = ReportLoader.LoadFolder(corpusFolder);
        var load = sw.Elapsed;

        sw.Restart();
        var cleaned = reports.Select(ReportCleaner.Clean).ToList();
        var clean = sw.Elapsed;

        sw.Restart();
        var chunksByReport = cleaned.ToDictionary(c => c.Report.Id, c => Chunker.Chunk(c, maxChunkChars), StringComparer.Ordinal);
        var chunkTime = sw.Elapsed;

        await index.EnsureCollectionsAsync(schema, cancellationToken);
        var manifests = (await index.GetManifestsAsync(cancellationToken)).ToDictionary(m => m.ReportId, StringComparer.Ordinal);

        int added = 0, updated = 0, removed = 0, unchanged = 0;
        var embedTime = TimeSpan.Zero; var upsertTime = TimeSpan.Zero;
        foreach (var stale in manifests.Keys.Where(id => !chunksByReport.ContainsKey(id)).ToList())
        {
            await index.DeleteReportAsync(stale, cancellationToken);
            removed++;
        }

        var done = 0;
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
            var isUpdate = manifests.ContainsKey(id);
            // Replace, never append: old chunks of this report go first (also clears a sync that was cut short).
            await index.DeleteReportAsync(id, cancellationToken);

            progress?.Report(new IngestionProgress(done, cleaned.Count, "embed", id));
            sw.Restart();
            var points = new List<IndexPoint>(chunks.Count);
            for (var i = 0; i < chunks.Count; i += EmbedBatch)
            {
                var batch = chunks.Skip(i).Take(EmbedBatch).ToList();
                var vectors = await embeddings.GenerateAsync(batch.Select(c => c.Text), cancellationToken: cancellationToken);
                for (var j = 0; j < batch.Count; j++)
                    points.Add(ToPoint(report.Report, batch[j], vectors[j].Vector.ToArray()));
            }
            embedTime += sw.Elapsed;

            progress?.Report(new IngestionProgress(done, cleaned.Count, "upsert", id));
            sw.Restart();
            await index.UpsertChunksAsync(points, cancellationToken);
            var meta = report.Report.Metadata;
            await index.UpsertManifestAsync(new ReportManifest(id, report.Report.ContentHash, chunks.Count, meta.Title, meta.Publisher, meta.Published), cancellationToken);
            upsertTime += sw.Elapsed;
            if (isUpdate) updated++; else added++;
            progress?.Report(new IngestionProgress(++done, cleaned.Count, isUpdate ? "updated" : "added", id));
        }

        state.Publish(new CorpusSnapshot(cleaned, chunksByReport.Values.SelectMany(c => c).ToList(), detector));
        return new IngestionSummary(added, updated, removed, unchanged, chunksByReport.Values.Sum(c => c.Count), load, clean, chunkTime, embedTime, upsertTime, total.Elapsed);
    }

    /// <summary>Deterministic point id of a chunk: the same report and position always give the same id.</summary>
    public static Guid PointId(string reportId, int chunkIndex)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"chunk:{reportId}:{chunkIndex}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static IndexPoint ToPoint(Report report, Chunk chunk, float[] dense) =>
        new(PointId(report.Id, chunk.Index), dense, SparseEncoder.EncodeDocument(chunk.Text),
            new ChunkPayload(report.Id, report.Metadata.Title, report.Metadata.Publisher, report.Metadata.Published,
                chunk.Index, chunk.Start, chunk.End, chunk.Text, chunk.IsHeadline, report.ContentHash));
}
