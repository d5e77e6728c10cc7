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
            foreach (var s in sentences)
            {
                if (start >= 0 && s.End - start > maxChars)
                {
                    chunks.Add(new Chunk(cleaned.Report.Id, chunks.Count, start, end, false, text));
                    start = -1;
                }
                if (start < 0) start = s.Start;
                end = s.End;
            }
            if (start >= 0) chunks.Add(new Chunk(cleaned.Report.Id, chunks.Count, start, end, false, text));
        }
        return chunks;
    }
}
