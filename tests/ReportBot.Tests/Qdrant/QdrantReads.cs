using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace ReportBot.Tests.Qdrant;

/// <summary>
/// Reads a Qdrant's state with the official client (Qdrant.Client, gRPC) as a check of what the bot wrote that is
/// independent of the bot's own index code: a client of its own for each read, none of <c>QdrantIndex</c>'s requests,
/// mapping or resilience pipeline. Every endpoint here is a gRPC endpoint.
/// </summary>
internal static class QdrantReads
{
    /// <summary>A client of the Qdrant at <paramref name="grpcEndpoint"/> (the caller disposes it).</summary>
    public static QdrantClient Client(Uri grpcEndpoint, TimeSpan? timeout = null) => new(grpcEndpoint, grpcTimeout: timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Names of the collections whose name starts with <paramref name="prefix"/>, sorted.</summary>
    public static async Task<List<string>> CollectionsAsync(Uri grpcEndpoint, string prefix, CancellationToken ct)
    {
        using var client = Client(grpcEndpoint);
        return await CollectionsAsync(client, prefix, ct);
    }

    /// <summary>As above, through <paramref name="client"/> (a poll keeps one client, so each read is one call on an open connection).</summary>
    public static async Task<List<string>> CollectionsAsync(QdrantClient client, string prefix, CancellationToken ct) =>
        (await client.ListCollectionsAsync(ct)).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Exact number of points in a collection.</summary>
    public static async Task<long> ExactCountAsync(Uri grpcEndpoint, string collection, CancellationToken ct)
    {
        using var client = Client(grpcEndpoint, TimeSpan.FromSeconds(5));
        return (long)await client.CountAsync(collection, exact: true, cancellationToken: ct);
    }

    /// <summary>Exact number of points in a collection; 0 when it does not exist or Qdrant does not answer.</summary>
    public static async Task<long> CountAsync(Uri grpcEndpoint, string collection, CancellationToken ct)
    {
        using var client = Client(grpcEndpoint, TimeSpan.FromSeconds(5));
        return await CountAsync(client, collection, ct);
    }

    /// <summary>As above, through <paramref name="client"/>.</summary>
    public static async Task<long> CountAsync(QdrantClient client, string collection, CancellationToken ct)
    {
        try
        {
            return (long)await client.CountAsync(collection, exact: true, cancellationToken: ct);
        }
        catch (RpcException)
        {
            return 0;
        }
    }

    /// <summary>Every point of a collection (id, payload and vectors) as canonical JSON, sorted.</summary>
    public static async Task<List<string>> SnapshotAsync(Uri grpcEndpoint, string collection, CancellationToken ct)
    {
        using var client = Client(grpcEndpoint, TimeSpan.FromSeconds(30));
        var points = new List<string>();
        PointId? offset = null;
        do
        {
            var page = await client.ScrollAsync(collection, limit: 256, offset: offset, payloadSelector: true, vectorsSelector: true, cancellationToken: ct);
            points.AddRange(page.Result.Select(Canonical));
            offset = page.NextPageOffset;
        }
        while (offset is not null);
        points.Sort(StringComparer.Ordinal);
        return points;
    }

    /// <summary>The <c>report_id</c> of every point in a snapshot.</summary>
    public static IEnumerable<string> ReportIds(IEnumerable<string> snapshot) =>
        snapshot.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("payload").GetProperty("report_id").GetString()!);

    /// <summary>
    /// A point as canonical JSON: its id, its payload as plain JSON (as Qdrant's REST API shows it) and its vectors (protobuf
    /// JSON), object keys sorted (Qdrant keeps the order of neither payload keys nor named vectors).
    /// </summary>
    private static string Canonical(RetrievedPoint point)
    {
        var json = new JsonObject
        {
            ["id"] = point.Id.HasUuid ? point.Id.Uuid : point.Id.Num.ToString(CultureInfo.InvariantCulture),
            ["payload"] = new JsonObject(point.Payload.Select(p => KeyValuePair.Create(p.Key, Plain(p.Value)))),
            ["vectors"] = JsonNode.Parse(JsonFormatter.Default.Format(point.Vectors)),
        };
        using var doc = JsonDocument.Parse(json.ToJsonString());
        return Canonical(doc.RootElement);
    }

    private static JsonNode? Plain(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.IntegerValue => value.IntegerValue,
        Value.KindOneofCase.DoubleValue => value.DoubleValue,
        Value.KindOneofCase.BoolValue => value.BoolValue,
        Value.KindOneofCase.StructValue => new JsonObject(value.StructValue.Fields.Select(f => KeyValuePair.Create(f.Key, Plain(f.Value)))),
        Value.KindOneofCase.ListValue => new JsonArray(value.ListValue.Values.Select(Plain).ToArray()),
        _ => null,
    };

    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        _ => e.GetRawText(),
    };
}
