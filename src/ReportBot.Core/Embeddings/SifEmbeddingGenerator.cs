using Microsoft.Extensions.AI;
using ReportBot.Core.Text;

namespace ReportBot.Core.Embeddings;

/// <summary>
/// The embedded default embedding model: sentence vectors composed from word vectors with smooth inverse frequency
/// weighting (a / (a + p(w)), p(w) from the word's frequency rank by Zipf's law) and the common component removed.
/// Needs no model download; any other <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> can replace it.
/// </summary>
public sealed class SifEmbeddingGenerator(WordVectors vectors) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>SIF smoothing parameter.</summary>
    private const double A = 1e-3;

    /// <summary>Model id used to name the collection: a different model or dimension never shares one.</summary>
    public string ModelId => $"sif-glove{vectors.Dimensions}";

    public int Dimensions => vectors.Dimensions;

    private readonly double _harmonic = Math.Log(vectors.Count) + 0.5772;

    /// <summary>SIF weight of a word, by its frequency rank.</summary>
    public double Weight(int rank) => A / (A + 1.0 / ((rank + 1) * _harmonic));

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var v in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(v)) { ModelId = ModelId, CreatedAt = null });
        }
        return Task.FromResult(result);
    }

    /// <summary>The unit-length sentence vector of <paramref name="text"/> (a tiny fixed vector when no word is known).</summary>
    public float[] Embed(string text)
    {
        var dims = vectors.Dimensions;
        var sum = new double[dims];
        var n = 0;
        foreach (var token in Tokenizer.Tokenize(text))
        {
            var rank = vectors.Rank(token.Text);
            if (rank < 0) continue;
            var w = Weight(rank);
            var v = vectors.Vector(rank);
            for (var i = 0; i < dims; i++) sum[i] += w * v[i];
            n++;
        }
        var result = new float[dims];
        if (n == 0) { result[0] = 1; return result; }
        var common = vectors.CommonComponent;
        double proj = 0;
        for (var i = 0; i < dims; i++) proj += sum[i] / n * common[i];
        double norm = 0;
        for (var i = 0; i < dims; i++)
        {
            var x = sum[i] / n - proj * common[i];
            result[i] = (float)x;
            norm += x * x;
        }
        norm = Math.Sqrt(norm);
        if (norm == 0) { result[0] = 1; return result; }
        for (var i = 0; i < dims; i++) result[i] = (float)(result[i] / norm);
        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
