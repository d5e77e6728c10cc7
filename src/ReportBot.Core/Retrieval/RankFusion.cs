namespace ReportBot.Core.Retrieval;

/// <summary>
/// Reciprocal rank fusion of the sparse and dense candidate lists, done in the service instead of inside Qdrant so that
/// the same question over the same reports always retrieves the same chunks in the same order. Inside Qdrant, chunks of
/// equal score (the same passage in two reports, a near-duplicate paragraph) come back in the order of its segments,
/// which depends on the order the upserts landed in; that changed which of two equal passages was cited between runs
/// (16 of the 400 RAMDocs dev answers differed between two runs of the same build). Here equal scores share one rank and
/// every remaining tie is broken by point id.
/// </summary>
public static class RankFusion
{
    /// <summary>Qdrant's <c>DEFAULT_RRF_K</c>: a chunk at 0-based rank r in a list scores 1 / (r + K), as Qdrant's own RRF.</summary>
    public const int K = 2;

    /// <summary>
    /// Extra candidates each list is fetched with beyond its prefetch limit (<see cref="Reciprocal"/>'s perList), so that
    /// a run of equal scores across the cut is seen whole and kept whole.
    /// </summary>
    public const int TieMargin = 16;

    /// <summary>
    /// The stable order of chunks: score (highest first), then point id. A chunk's id is a hash of its report id and
    /// index (<c>IngestionPipeline.PointId</c>): fixed for a chunk, and favouring no report's name over another's.
    /// </summary>
    public static IOrderedEnumerable<ScoredChunk> Ordered(IEnumerable<ScoredChunk> chunks) =>
        chunks.OrderByDescending(c => c.Score).ThenBy(c => c.Id);

    /// <summary>
    /// Fuses <paramref name="lists"/>, each fetched with <paramref name="perList"/> + <see cref="TieMargin"/> candidates, and
    /// returns the best <paramref name="limit"/> chunks, each carrying its fused score. Each list counts its best
    /// <paramref name="perList"/>; a run of equal scores across that cut counts whole when the list shows where it ends,
    /// and not at all when it runs past what was fetched: which of its members the index returned is not fixed, and
    /// keeping some of them (say, the first by report id) would favour those for no reason of the question's.
    /// </summary>
    public static IReadOnlyList<ScoredChunk> Reciprocal(IEnumerable<IReadOnlyList<ScoredChunk>> lists, int perList, int limit)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var fused = new Dictionary<Guid, (ScoredChunk Chunk, double Score)>();
        foreach (var list in lists)
        {
            var ordered = Counted(Ordered(list).ToList(), perList);
            var rank = 0;
            for (var i = 0; i < ordered.Count; i++)
            {
                if (i > 0 && ordered[i].Score != ordered[i - 1].Score) rank = i;
                var add = 1.0 / (rank + K);
                var id = ordered[i].Id;
                fused[id] = fused.TryGetValue(id, out var f) ? (f.Chunk, f.Score + add) : (ordered[i], add);
            }
        }
        return Ordered(fused.Values.Select(f => f.Chunk with { Score = f.Score })).Take(limit).ToList();
    }

    /// <summary>The candidates of one list (in the stable order) that count, as <see cref="Reciprocal"/> says.</summary>
    private static List<ScoredChunk> Counted(List<ScoredChunk> ordered, int perList)
    {
        if (ordered.Count <= perList) return ordered;
        var cut = ordered[perList - 1].Score;
        var last = ordered.FindLastIndex(c => c.Score == cut);
        var seenWhole = last < ordered.Count - 1 || ordered.Count < perList + TieMargin;
        return seenWhole ? ordered[..(last + 1)] : ordered.FindAll(c => c.Score > cut);
    }
}
