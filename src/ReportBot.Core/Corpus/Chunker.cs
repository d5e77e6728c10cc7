using ReportBot.Core.Text;

namespace ReportBot.Core.Corpus;

/// <summary>
/// Cuts a cleaned report into chunks of whole sentences within one paragraph, at most
/// <see cref="CorpusOptions.MaxChunkChars"/> characters (a single longer sentence stays whole). The headline is its own chunk.
/// </summary>
public static class Chunker
{
    public static IReadOnlyList<Chunk> Chunk(CleanedReport cleaned, int maxChars)
    {
        var text = cleaned.Report.Text;
        var chunks = new List<Chunk>();
        for (var p = 0; p < cleaned.Paragraphs.Count; p++)
        {
            var paragraph = cleaned.Paragraphs[p];
            if (p == cleaned.HeadlineParagraph)
            {
                chunks.Add(new Chunk(cleaned.Report.Id, chunks.Count, paragraph.Start, paragraph.End, true, text));
                continue;
            }
            var sentences = SentenceSplitter.Split(text, paragraph);
            var start = -1; var end = -1;
            var leadIn = LeadInOf(cleaned, p);
            foreach (var s in sentences)
            {
                if (start >= 0 && s.End - start > maxChars)
                {
                    chunks.Add(new Chunk(cleaned.Report.Id, chunks.Count, start, end, false, text, leadIn));
                    leadIn = null;
                    start = -1;
                }
                if (start < 0) start = s.Start;
                end = s.End;
            }
            if (start >= 0) chunks.Add(new Chunk(cleaned.Report.Id, chunks.Count, start, end, false, text, leadIn));
        }
        return chunks;
    }

    /// <summary>
    /// The paragraph just before paragraph <paramref name="p"/> when it leads into it (<see cref="IsLeadIn"/>): a kept one, or
    /// a heading the cleaner left out as a bare label ("4. Units affected"). Not the headline: it is the whole report's.
    /// </summary>
    private static TextSpan? LeadInOf(CleanedReport cleaned, int p)
    {
        var text = cleaned.Report.Text;
        var start = cleaned.Paragraphs[p].Start;
        TextSpan? before = p > 0 && p - 1 != cleaned.HeadlineParagraph ? cleaned.Paragraphs[p - 1] : null;
        var headlineEnd = cleaned.HeadlineParagraph >= 0 ? cleaned.Paragraphs[cleaned.HeadlineParagraph].End : -1;
        foreach (var r in cleaned.Removed)
            if (r.End <= start && r.Start >= headlineEnd && (before is null || r.Start > before.Value.Start) && (p == 0 || r.Start >= cleaned.Paragraphs[p - 1].End)) before = r;
        return before is { } b && IsLeadIn(text.AsSpan(b.Start, b.End - b.Start)) ? b : null;
    }

    /// <summary>The marks that open a list item of a text report ("- Pedal Republic stores", "• Leeds").</summary>
    public static readonly char[] Bullets = ['-', '*', '•', '–', '·'];

    /// <summary>Most words of a heading that leads into the paragraph after it ("4. Units affected", "Where sold").</summary>
    public const int MaxHeadingWords = 8;

    /// <summary>Most words of a question that leads into the paragraph after it (an FAQ's "Q: How many batteries are being recalled?").</summary>
    public const int MaxQuestionWords = 30;

    /// <summary>
    /// A paragraph that says what the next one is about without saying it itself: a heading (a few words, no sentence
    /// end: "4. Units affected", "What happens next") or a question (an FAQ's "Q: Can I have a refund instead?", an
    /// interviewer's line). A list item is none: the item after it is not about it.
    /// </summary>
    public static bool IsLeadIn(ReadOnlySpan<char> paragraph)
    {
        var text = paragraph.Trim();
        if (text.IsEmpty || Bullets.Contains(text[0])) return false;
        var words = 0; var letters = false;
        foreach (var range in text.Split(' ')) if (!text[range].IsWhiteSpace()) words++;
        foreach (var c in text) if (char.IsLetter(c)) { letters = true; break; }
        if (!letters) return false;
        var last = text[^1];
        if (last == '?') return words <= MaxQuestionWords;
        return words <= MaxHeadingWords && last is not ('.' or '!' or ';' or ',' or '"' or '”' or '\'' or '’' or ')');
    }
}
