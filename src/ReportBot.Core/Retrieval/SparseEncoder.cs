using ReportBot.Core.Text;

namespace ReportBot.Core.Retrieval;

/// <summary>
/// BM25-style sparse vectors. Documents carry the saturated term frequency
/// tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen)); the index multiplies in the IDF (Qdrant's <c>idf</c> modifier),
/// so the product is BM25. The average length is a constant so a report's vector never depends on the others.
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

    /// <summary>A query vector: weight 1 per query stem, plus weighted expansion stems.</summary>
    public static SparseVector EncodeQuery(IEnumerable<string> stems, IEnumerable<(string Stem, float Weight)>? expansions = null)
    {
        var w = new Dictionary<uint, float>();
        foreach (var s in stems) w[Terms.Id(s)] = 1f;
        if (expansions is not null)
            foreach (var (s, weight) in expansions)
            {
                var id = Terms.Id(s);
                w[id] = Math.Max(w.GetValueOrDefault(id), weight);
            }
        return Build(w.Select(kv => (kv.Key, kv.Value)));
    }

    private static SparseVector Build(IEnumerable<(uint Index, float Value)> entries)
    {
        var sorted = entries.OrderBy(e => e.Index).ToArray();
        return new SparseVector(sorted.Select(e => e.Index).ToArray(), sorted.Select(e => e.Value).ToArray());
    }
}
