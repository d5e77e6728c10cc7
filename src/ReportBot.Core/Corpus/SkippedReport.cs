using System.Text.Json.Serialization;

namespace ReportBot.Core.Corpus;

/// <summary>The ingestion step a report failed in.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IngestionStep>))]
public enum IngestionStep
{
    /// <summary>Reading the file (size, encoding, front matter, a duplicate id).</summary>
    [JsonStringEnumMemberName("load")]
    Load,

    /// <summary>Removing page furniture.</summary>
    [JsonStringEnumMemberName("clean")]
    Clean,

    /// <summary>Cutting it into chunks (or nothing left to index).</summary>
    [JsonStringEnumMemberName("chunk")]
    Chunk,

    /// <summary>Extracting its claims for the disagreement map.</summary>
    [JsonStringEnumMemberName("claims")]
    Claims,

    /// <summary>Computing its vectors.</summary>
    [JsonStringEnumMemberName("embed")]
    Embed,
}

/// <summary>A report file that was left out of the index, and why. The other reports are indexed without it.</summary>
/// <param name="File">The file, relative to the corpus folder.</param>
/// <param name="ReportId">The id it would have had (the file name without extension).</param>
/// <param name="Step">The step it failed in.</param>
/// <param name="Reason">What went wrong, in one line.</param>
/// <param name="ContentHash">SHA-256 of the file's bytes, when it was read (not serialised).</param>
public sealed record SkippedReport(string File, string ReportId, IngestionStep Step, string Reason, [property: JsonIgnore] string? ContentHash = null)
{
    /// <summary>One line for logs and the command line: "Skipped report 'a.md' (load): the file is empty".</summary>
    public override string ToString() => $"Skipped report '{File}' ({Step.ToString().ToLowerInvariant()}): {Reason}";
}
