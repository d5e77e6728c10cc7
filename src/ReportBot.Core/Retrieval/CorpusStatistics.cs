using ReportBot.Core.Corpus;
using ReportBot.Core.Text;

namespace ReportBot.Core.Retrieval;

/// <summary>
/// Document frequencies of the indexed chunks and the words they use. Gives an IDF for sentence scoring
/// and the vocabulary that query expansion may add (a synonym the corpus never uses is of no help).
/// </summary>
public sealed class CorpusStatistics
{
    private readonly Dictionary<string, int> _df;
    private readonly Dictionary<string, string> _wordToStem;

    private CorpusStatistics(int chunkCount, Dictionary<string, int> df, Dictionary<string, string> wordToStem)
    {
        ChunkCount = chunkCount;
        _df = df;
        _wordToStem = wordToStem;
    }

    public static CorpusStatistics Empty { get; } = new(0, new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    public int ChunkCount { get; }

    /// <summary>
    /// Spelling corrections found for words this corpus does not have (null: none), remembered for the life of these
    /// statistics (one snapshot): finding one compares the word with every corpus word of about its length.
    /// </summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string?> Corrections { get; } = new(StringComparer.Ordinal);

    /// <summary>Most corrections remembered.</summary>
    internal const int MaxCorrections = 10_000;

    /// <summary>Lowercase words that occur in the corpus (with their stems).</summary>
    public IReadOnlyDictionary<string, string> Vocabulary => _wordToStem;

    public static CorpusStatistics Build(IEnumerable<Chunk> chunks)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var chunk in chunks)
        {
            n++;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in Terms.Of(chunk.Text))
            {
                if (seen.Add(t.Stem)) df[t.Stem] = df.GetValueOrDefault(t.Stem) + 1;
                if (!t.IsNumber) words.TryAdd(t.Word, t.Stem);
            }
        }
        return new CorpusStatistics(n, df, words);
    }

    public int DocumentFrequency(string stem) => _df.GetValueOrDefault(stem);

    public bool Contains(string stem) => _df.ContainsKey(stem);

    /// <summary>BM25-style IDF, ln(1 + (N - df + 0.5) / (df + 0.5)); a term absent from the corpus gets the largest value.</summary>
    public double Idf(string stem)
    {
        var df = DocumentFrequency(stem);
        return Math.Log(1 + (ChunkCount - df + 0.5) / (df + 0.5));
    }
}
