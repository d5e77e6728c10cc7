using ReportBot.Core.Embeddings;

namespace ReportBot.Core.Retrieval;

/// <summary>
/// Adds corpus words close to a query word in the word-vector space ("soldiers" → "troops"), so a paraphrase still
/// reaches the passage. Only words the corpus uses are candidates; results are cached per corpus snapshot.
/// </summary>
public sealed class QueryExpander(WordVectors? vectors, WordNet? wordNet = null)
{
    private CorpusStatistics? _synonymStats;
    private readonly Dictionary<string, string[]> _synonyms = new(StringComparer.Ordinal);

    /// <summary>
    /// The stems of <paramref name="word"/>'s WordNet synonyms that the corpus uses ("boss" → chief, "pause" → interruption);
    /// none without WordNet. A sentence holding one counts as holding the word (<see cref="Answering.EvidenceSelector.SynonymCredit"/>
    /// for a word the corpus never uses, <see cref="Answering.EvidenceSelector.SeenSynonymCredit"/> for one it uses).
    /// </summary>
    public IReadOnlyList<string> SynonymStems(string word, CorpusStatistics stats)
    {
        if (wordNet is null || stats.ChunkCount == 0) return [];
        var stem = Text.Stemmer.Stem(word);
        lock (_gate)
        {
            if (!ReferenceEquals(stats, _synonymStats)) { _synonymStats = stats; _synonyms.Clear(); }
            if (_synonyms.TryGetValue(word, out var cached)) return cached;
            return _synonyms[word] = wordNet.SynonymsOf(word).Select(Text.Stemmer.Stem).Where(s => s != stem && stats.Contains(s) && !Text.StopWords.Contains(s)).Distinct().ToArray();
        }
    }

    /// <summary>Smallest cosine similarity for a word to be added.</summary>
    public const float MinSimilarity = 0.62f;

    private readonly Lock _gate = new();
    private CorpusStatistics? _stats;
    private (string Word, string Stem, float[] Unit)[] _vocabulary = [];
    private readonly Dictionary<string, (string Stem, float Similarity)[]> _cache = new(StringComparer.Ordinal);

    /// <summary>Up to <paramref name="max"/> corpus words similar to <paramref name="word"/>, with their stems and similarity.</summary>
    public IReadOnlyList<(string Stem, float Similarity)> Similar(string word, CorpusStatistics stats, int max = 3)
    {
        if (vectors is null) return [];
        lock (_gate)
        {
            if (!ReferenceEquals(stats, _stats)) Rebuild(stats);
            if (_cache.TryGetValue(word, out var cached)) return cached;
            var rank = vectors.Rank(word);
            if (rank < 0) return _cache[word] = [];
            var q = Normalize(vectors.Vector(rank));
            var stem = Text.Stemmer.Stem(word);
            var best = new List<(string Stem, float Similarity)>();
            foreach (var (w, s, unit) in _vocabulary)
            {
                if (s == stem) continue;
                float dot = 0;
                for (var i = 0; i < unit.Length; i++) dot += unit[i] * q[i];
                if (dot >= MinSimilarity) best.Add((s, dot));
            }
            var result = best.GroupBy(b => b.Stem).Select(g => (g.Key, g.Max(x => x.Similarity)))
                .OrderByDescending(b => b.Item2).Take(max).ToArray();
            return _cache[word] = result;
        }
    }

    /// <summary>Cosine similarity of two words (0 when unknown).</summary>
    public float Similarity(string a, string b) => vectors?.Similarity(a, b) ?? 0;

    /// <summary>A word's rank in the word vectors, -1 when unknown (or no vectors are loaded).</summary>
    public int Rank(string word) => vectors?.Rank(word) ?? -1;

    /// <summary>Cosine similarity of the words at two known ranks (see <see cref="Rank"/>).</summary>
    public float Similarity(int rankA, int rankB) => vectors!.Similarity(rankA, rankB);

    private void Rebuild(CorpusStatistics stats)
    {
        _stats = stats;
        _cache.Clear();
        var list = new List<(string, string, float[])>();
        foreach (var (word, stem) in stats.Vocabulary)
        {
            var rank = vectors!.Rank(word);
            // Very frequent words are never useful expansions.
            if (rank < 150) continue;
            list.Add((word, stem, Normalize(vectors.Vector(rank))));
        }
        _vocabulary = list.ToArray();
    }

    private static float[] Normalize(ReadOnlySpan<float> v)
    {
        float n = 0;
        foreach (var x in v) n += x * x;
        n = MathF.Sqrt(n);
        var r = new float[v.Length];
        for (var i = 0; i < v.Length; i++) r[i] = n == 0 ? 0 : v[i] / n;
        return r;
    }
}
