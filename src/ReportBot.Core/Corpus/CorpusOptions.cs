namespace ReportBot.Core.Corpus;

/// <summary>Where the reports are. Section <c>ReportBot:Corpus</c>.</summary>
public sealed class CorpusOptions
{
    public const string SectionName = "ReportBot:Corpus";

    /// <summary>Folder holding the reports (.md with front matter, .txt, .md, .html). Relative paths resolve against the repository root. Default: <c>corpus/reports</c>.</summary>
    public string Path { get; set; } = "corpus/reports";

    /// <summary>Largest chunk in characters; longer paragraphs are split at sentence boundaries. Default 600.</summary>
    public int MaxChunkChars { get; set; } = 600;
}
