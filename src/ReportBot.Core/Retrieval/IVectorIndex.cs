namespace ReportBot.Core.Retrieval;

/// <summary>
/// The vector index that holds chunks (dense + sparse vectors and payload) and one manifest entry per report.
/// Implemented over Qdrant's official .NET client (Qdrant.Client, gRPC) in ReportBot.Infrastructure; tests use the real server.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Creates the chunk and manifest collections for <paramref name="schema"/> if they are missing (idempotent).</summary>
    Task EnsureCollectionsAsync(IndexSchema schema, CancellationToken cancellationToken);

    /// <summary>Every report manifest currently in the index (written last when a report is indexed, so a report without one is incomplete).</summary>
    Task<IReadOnlyList<ReportManifest>> GetManifestsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The distinct report ids of the chunks in the index, manifest or not: a sync cut short between a report's chunks and
    /// its manifest leaves chunks that no manifest names, and they must still be removed when the report is deleted.
    /// </summary>
    Task<IReadOnlyList<string>> GetChunkReportIdsAsync(CancellationToken cancellationToken);

    /// <summary>Removes every chunk of the report and its manifest.</summary>
    Task DeleteReportAsync(string reportId, CancellationToken cancellationToken);

    /// <summary>Upserts chunk points (waits until they are applied).</summary>
    Task UpsertChunksAsync(IReadOnlyList<IndexPoint> points, CancellationToken cancellationToken);

    /// <summary>Writes the report's manifest; called after all its chunks are upserted.</summary>
    Task UpsertManifestAsync(ReportManifest manifest, CancellationToken cancellationToken);

    /// <summary>Removes every chunk and the manifest of each report (one request per kind where the index allows it).</summary>
    async Task DeleteReportsAsync(IReadOnlyList<string> reportIds, CancellationToken cancellationToken)
    {
        foreach (var id in reportIds) await DeleteReportAsync(id, cancellationToken);
    }

    /// <summary>Writes several manifests; called after all their reports' chunks are upserted.</summary>
    async Task UpsertManifestsAsync(IReadOnlyList<ReportManifest> manifests, CancellationToken cancellationToken)
    {
        foreach (var m in manifests) await UpsertManifestAsync(m, cancellationToken);
    }

    /// <summary>Hybrid query: sparse and dense prefetch fused inside the index.</summary>
    Task<IReadOnlyList<ScoredChunk>> QueryAsync(HybridQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The same hybrid query grouped by report: at most <see cref="HybridQuery.Limit"/> reports, each with its best
    /// <paramref name="perReport"/> chunks (best first); reports in the order of their best chunk's fused score.
    /// </summary>
    Task<IReadOnlyList<ReportHits>> QueryByReportAsync(HybridQuery query, int perReport, CancellationToken cancellationToken);

    /// <summary>Number of chunk points.</summary>
    Task<long> CountChunksAsync(CancellationToken cancellationToken);

    /// <summary>True when the index server answers.</summary>
    Task<bool> IsAvailableAsync(CancellationToken cancellationToken);
}

/// <summary>Names and shape of the collections. A different embedding model or dimension gets its own collection name.</summary>
/// <param name="ChunkCollection">Collection holding chunk points.</param>
/// <param name="ManifestCollection">Collection holding one point per indexed report.</param>
/// <param name="DenseDimensions">Dimension of the dense vector.</param>
/// <param name="ShardNumber">Shards of the chunk collection.</param>
/// <param name="ReplicationFactor">Replicas per shard.</param>
public sealed record IndexSchema(string ChunkCollection, string ManifestCollection, int DenseDimensions, int ShardNumber = 1, int ReplicationFactor = 1);

/// <summary>A sparse vector (term id → weight). Indices are unique.</summary>
public sealed record SparseVector(uint[] Indices, float[] Values);

/// <summary>One chunk as stored in the index.</summary>
public sealed record IndexPoint(Guid Id, float[] Dense, SparseVector Sparse, ChunkPayload Payload);

/// <summary>Payload stored with each chunk. Offsets are character offsets into the report's text.</summary>
public sealed record ChunkPayload(
    string ReportId,
    string Title,
    string? Publisher,
    string? Published,
    int ChunkIndex,
    int Start,
    int End,
    string Text,
    bool IsHeadline,
    string ContentHash);

/// <summary>Written after a report's chunks; its content hash tells the next sync whether the report changed.</summary>
public sealed record ReportManifest(string ReportId, string ContentHash, int ChunkCount, string Title, string? Publisher, string? Published);

/// <summary>How the sparse and dense candidate lists are fused inside the index.</summary>
public enum FusionMode
{
    /// <summary>Reciprocal rank fusion of both prefetches.</summary>
    Rrf,
    /// <summary>Distribution-based score fusion of both prefetches.</summary>
    Dbsf,
    /// <summary>Sparse (BM25) only; the dense vector is not used.</summary>
    SparseOnly,
    /// <summary>Dense only.</summary>
    DenseOnly,
}

/// <summary>A hybrid query with optional payload filters.</summary>
public sealed record HybridQuery(
    float[] Dense,
    SparseVector Sparse,
    int Limit,
    int PrefetchLimit,
    FusionMode Fusion,
    QueryFilter? Filter = null);

/// <summary>Payload filters: any of the report ids / publishers, and a published date range (inclusive, ISO yyyy-MM-dd).</summary>
public sealed record QueryFilter(IReadOnlyList<string>? ReportIds = null, IReadOnlyList<string>? Publishers = null, string? PublishedFrom = null, string? PublishedTo = null);

/// <summary>A chunk returned by a query with its fused score.</summary>
public sealed record ScoredChunk(Guid Id, double Score, ChunkPayload Payload);

/// <summary>One report's best chunks for a query (see <see cref="IVectorIndex.QueryByReportAsync"/>).</summary>
public sealed record ReportHits(string ReportId, IReadOnlyList<ScoredChunk> Chunks);

/// <summary>Raised when the index cannot be reached (after retries, or while its circuit is open).</summary>
public sealed class IndexUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
