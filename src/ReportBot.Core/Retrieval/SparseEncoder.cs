using ReportBot.Core.Text;

namespace ReportBot.Core.Retrieval;

/// <summary>
/// BM25-style sparse vectors. Documents carry the saturated term frequency
/// tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)); the query carries each term's IDF over the corpus snapshot
/// (<see cref="CorpusStatistics.Idf"/>), so the product is BM25. The average length is a constant so a report's vector
/// never depends on the others.
/// </summary>
public static class SparseEncoder
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double AverageLength = 20;

    public static SparseVector EncodeDocument(string text)
    {
        var terms = Terms.Of(text);
        var tf = new Dictionary<uint, int>();
        foreach (var t in terms) tf[Terms.Id(t.Stem)] = tf.GetValueOrDefault(Terms.Id(t.Stem)) + 1;
        var len = terms.Count;
        return Build(tf.Select(kv => (kv.Key, (float)(kv.Value * (K1 + 1) / (kv.Value + K1 * (1 - B + B * len / AverageLength))))));
    }

    /// <summary>
    /// A query vector: weight 1 per query stem, plus weighted expansion stems, each times its IDF in
    /// <paramref name="statistics"/>. The IDF is the service's, not Qdrant's <c>idf</c> modifier: Qdrant counts a term's
    /// points per shard and, until its optimizer has vacuumed them, points already deleted, so the same question over
    /// the same reports scored differently after a re-sync (9 of 400 RAMDocs dev answers differed between two runs of one
    /// build, each replacing the documents 400 times) and on a sharded collection.
    /// </summary>
    public static SparseVector EncodeQuery(IEnumerable<string> stems, IEnumerable<(string Stem, float Weight)>? expansions, CorpusStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var w = new Dictionary<uint, (string Stem, float Weight)>();
        foreach (var s in stems) w[Terms.Id(s)] = (s, 1f);
        if (expansions is not null)
            foreach (var (s, weight) in expansions)
            {
                var id = Terms.Id(s);
                if (!w.TryGetValue(id, out var had) || had.Weight < weight) w[id] = (s, weight);
            }
        return Build(w.Select(kv => (kv.Key, (float)(kv.Value.Weight * statistics.Idf(kv.Value.Stem)))));
    }

    private static SparseVector Build(IEnumerable<(uint Index, float Value)> entries)
    {
        var sorted = entries.OrderBy(e => e.Index).ToArray();
        return new SparseVector(sorted.Select(e => e.Index).ToArray(), sorted.Select(e => e.Value).ToArray());
    }
}
