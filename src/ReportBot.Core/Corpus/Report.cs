namespace ReportBot.Core.Corpus;

/// <summary>What a report says about itself. Only what the text states; unknown stays null.</summary>
/// <param name="Title">Headline.</param>
/// <param name="Publisher">Outlet, when the text names it.</param>
/// <param name="Published">ISO date ("2025-03-27"), or "2025-03" / "2025" when only that is known.</param>
/// <param name="PublishedInferred">True when <paramref name="Published"/> was inferred rather than printed as the publication date.</param>
/// <param name="PublishedBasis">The words the date rests on, when inferred.</param>
/// <param name="Byline">Author or agency.</param>
/// <param name="Url">Article URL, only when stated.</param>
public sealed record ReportMetadata(
    string Title,
    string? Publisher = null,
    string? Published = null,
    bool PublishedInferred = false,
    string? PublishedBasis = null,
    string? Byline = null,
    string? Url = null);

/// <summary>A report as loaded from the corpus folder.</summary>
/// <param name="Id">Stable id: the file name without extension.</param>
/// <param name="SourcePath">Path of the file it came from.</param>
/// <param name="Metadata">Front matter, or what was read from the text.</param>
/// <param name="Text">The report's text (for HTML, the text extracted from the page). Citation offsets point into it.</param>
/// <param name="ContentHash">SHA-256 of the file's bytes, hex; decides whether a sync re-indexes it.</param>
public sealed record Report(string Id, string SourcePath, ReportMetadata Metadata, string Text, string ContentHash);

/// <summary>A report with its furniture removed: the spans of <see cref="Report.Text"/> that are the report itself.</summary>
/// <param name="Report">The report.</param>
/// <param name="Paragraphs">Kept paragraphs, in order, as offsets into the report text.</param>
/// <param name="HeadlineParagraph">Index into <paramref name="Paragraphs"/> of the headline, or -1.</param>
/// <param name="Removed">Removed spans (furniture), for diagnostics and tests.</param>
public sealed record CleanedReport(Report Report, IReadOnlyList<Text.TextSpan> Paragraphs, int HeadlineParagraph, IReadOnlyList<Text.TextSpan> Removed);

/// <summary>A piece of a report that is indexed: one or more whole sentences of one paragraph.</summary>
/// <param name="ReportId">Owning report.</param>
/// <param name="Index">Position of the chunk in the report.</param>
/// <param name="Start">Offset of the first character in the report text.</param>
/// <param name="End">Offset after the last character.</param>
/// <param name="IsHeadline">True for the headline.</param>
/// <param name="ReportText">The whole text of the report (shared, not copied): <see cref="Text"/> is its slice.</param>
/// <param name="LeadIn">The paragraph just before the chunk's paragraph when it leads into it (a heading or a question,
/// <see cref="Chunker.IsLeadIn"/>); only for the first chunk of a paragraph.</param>
public sealed record Chunk(string ReportId, int Index, int Start, int End, bool IsHeadline, string ReportText, Text.TextSpan? LeadIn = null)
{
    /// <summary>
    /// The chunk text, verbatim from the report: sliced when asked (embedding, the sparse vector, the payload), so a
    /// corpus snapshot holds each report's text once rather than again in its chunks.
    /// </summary>
    public string Text => ReportText[Start..End];

    /// <summary>
    /// The text the index encodes for the chunk: its lead-in, when it has one, then its own text. "A: Around 31,000 batteries
    /// sold in the UK." is found for "how many batteries are being recalled" through the FAQ's question above it, "Approximately
    /// 31,000 units" through its notice's heading "Units affected". The payload and every quote keep the chunk's own text.
    /// </summary>
    public string IndexText => LeadIn is { } lead ? ReportText[lead.Start..lead.End] + "\n" + Text : Text;
}
