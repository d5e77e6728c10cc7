using System.Collections.Concurrent;
using ReportBot.Core.Claims;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>A sentence of a retrieved chunk, read once: its span in the chunk, text, content terms and their stems.</summary>
public sealed class AnalysedSentence(TextSpan span, string text)
{
    private List<Quantity>? _figures;

    /// <summary>Offsets in the chunk's text.</summary>
    public TextSpan Span { get; } = span;

    /// <summary>The sentence, verbatim.</summary>
    public string Text { get; } = text;

    /// <summary>Content terms (stop words left out, stemmed).</summary>
    public List<Term> Terms { get; } = ReportBot.Core.Text.Terms.Of(text);

    /// <summary>The distinct stems of <see cref="Terms"/>.</summary>
    public HashSet<string> Stems => _stems ??= Terms.Select(t => t.Stem)
        .Concat(Terms.Select(t => IrregularVerbs.BaseOf(t.Word)).OfType<string>().Select(Stemmer.Stem)).ToHashSet(StringComparer.Ordinal);
    private HashSet<string>? _stems;

    /// <summary>The word-vector rank of each of <see cref="Terms"/> (-1 for numbers and unknown words), looked up once.</summary>
    public int[] RanksOf(Func<string, int> rank) => _ranks ??= Terms.Select(t => t.IsNumber ? -1 : rank(t.Word)).ToArray();
    private int[]? _ranks;

    /// <summary>
    /// Whether the report takes back what this sentence says: it tells what an earlier version said ("Our first post said
    /// …", <see cref="Comparison.AnswerLanguage.RetractedStatement"/>), or the sentence after it says it was wrong ("I said
    /// we evacuated 62 people. That's not right, …", <see cref="Comparison.AnswerLanguage.DeniesSentenceBefore"/>).
    /// </summary>
    public bool Retracted { get; init; }

    /// <summary>Whether a sentence is retracted (<see cref="Retracted"/>), given the sentence after it (null when none).</summary>
    public static bool IsRetraction(string text, string? next) =>
        Comparison.AnswerLanguage.RetractedStatement().IsMatch(text) || next is not null && Comparison.AnswerLanguage.DeniesSentenceBefore().IsMatch(next);

    /// <summary>The figures of the sentence, read when a "how many" question first needs them.</summary>
    public List<Quantity> Figures => _figures ??= QuantityExtractor.Extract(Text);
}

/// <summary>
/// The analysed sentences of retrieved chunks, kept for the chunks asked about again: splitting, tokenising and stemming
/// the ~80 sentences of a question's chunks was the largest step of an answer after the Qdrant query (docs/performance.md).
/// A chunk is known by its report, index and the report's content hash, so a changed report is read afresh. Bounded:
/// when full the cache starts over (the chunks asked about most come back at once). Capacity 0 turns it off.
/// </summary>
public sealed class SentenceCache(int capacity)
{
    private readonly ConcurrentDictionary<(string ReportId, int Index, string Hash), AnalysedSentence[]> _chunks = new();

    /// <summary>Chunks held now.</summary>
    public int Count => _chunks.Count;

    /// <summary>The sentences of a chunk, analysed (from the cache when it was asked about before).</summary>
    public AnalysedSentence[] Of(ChunkPayload chunk)
    {
        if (capacity <= 0) return Analyse(chunk);
        var key = (chunk.ReportId, chunk.ChunkIndex, chunk.ContentHash);
        if (_chunks.TryGetValue(key, out var known)) return known;
        var sentences = Analyse(chunk);
        if (_chunks.Count >= capacity) _chunks.Clear();
        _chunks[key] = sentences;
        return sentences;
    }

    private static AnalysedSentence[] Analyse(ChunkPayload chunk)
    {
        var spans = SentenceSplitter.Split(chunk.Text, new TextSpan(0, chunk.Text.Length)).ToList();
        var texts = spans.Select(span => span.Of(chunk.Text)).ToList();
        return spans.Select((span, i) => new AnalysedSentence(span, texts[i]) { Retracted = AnalysedSentence.IsRetraction(texts[i], i + 1 < texts.Count ? texts[i + 1] : null) }).ToArray();
    }
}
