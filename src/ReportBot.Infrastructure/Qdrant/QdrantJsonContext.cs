using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReportBot.Infrastructure.Qdrant;

// Wire shapes of the Qdrant REST API (v1.16) used by QdrantIndex. Null members are omitted.

/// <summary>Source-generated System.Text.Json metadata for the Qdrant DTOs.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateCollectionRequest))]
[JsonSerializable(typeof(CreateFieldIndexRequest))]
[JsonSerializable(typeof(UpsertRequest<ChunkPayloadDto>))]
[JsonSerializable(typeof(UpsertRequest<ManifestPayloadDto>))]
[JsonSerializable(typeof(DeleteRequest))]
[JsonSerializable(typeof(QueryRequest))]
[JsonSerializable(typeof(ScrollRequest))]
[JsonSerializable(typeof(CountRequest))]
[JsonSerializable(typeof(FacetRequest))]
[JsonSerializable(typeof(QdrantResponse<FacetResult>))]
[JsonSerializable(typeof(QdrantResponse<bool>))]
[JsonSerializable(typeof(QdrantResponse<UpdateResult>))]
[JsonSerializable(typeof(QdrantResponse<CollectionInfo>))]
[JsonSerializable(typeof(QdrantResponse<QueryResult>))]
[JsonSerializable(typeof(QdrantResponse<ScrollResult>))]
[JsonSerializable(typeof(QdrantResponse<CountResult>))]
[JsonSerializable(typeof(QdrantError))]
internal sealed partial class QdrantJsonContext : JsonSerializerContext;

// ---- collections -------------------------------------------------------------------------------

/// <summary><c>PUT /collections/{name}</c>.</summary>
internal sealed record CreateCollectionRequest(
    [property: JsonPropertyName("vectors")] Dictionary<string, VectorParams> Vectors,
    [property: JsonPropertyName("sparse_vectors")] Dictionary<string, SparseVectorParams>? SparseVectors,
    [property: JsonPropertyName("shard_number")] int ShardNumber,
    [property: JsonPropertyName("replication_factor")] int ReplicationFactor);

internal sealed record VectorParams(
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("distance")] string Distance);

internal sealed record SparseVectorParams([property: JsonPropertyName("modifier")] string? Modifier);

/// <summary><c>PUT /collections/{name}/index</c>; schema <c>keyword</c> or <c>datetime</c>.</summary>
internal sealed record CreateFieldIndexRequest(
    [property: JsonPropertyName("field_name")] string FieldName,
    [property: JsonPropertyName("field_schema")] string FieldSchema);

/// <summary>Result of <c>GET /collections/{name}</c> (only what is checked).</summary>
internal sealed record CollectionInfo([property: JsonPropertyName("config")] CollectionConfig? Config,
    [property: JsonPropertyName("payload_schema")] Dictionary<string, System.Text.Json.JsonElement>? PayloadSchema = null);

internal sealed record CollectionConfig([property: JsonPropertyName("params")] CollectionParams? Params);

internal sealed record CollectionParams([property: JsonPropertyName("vectors")] Dictionary<string, VectorParams>? Vectors);

// ---- points --------------------------------------------------------------------------------------

/// <summary><c>PUT /collections/{name}/points</c>.</summary>
internal sealed record UpsertRequest<TPayload>([property: JsonPropertyName("points")] IReadOnlyList<PointStruct<TPayload>> Points);

internal sealed record PointStruct<TPayload>(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("vector")] NamedVectors Vector,
    [property: JsonPropertyName("payload")] TPayload Payload);

/// <summary>Named vectors of a point; <c>sparse</c> is omitted when empty.</summary>
internal sealed record NamedVectors(
    [property: JsonPropertyName("dense")] float[] Dense,
    [property: JsonPropertyName("sparse")] SparseVectorDto? Sparse = null);

internal sealed record SparseVectorDto(
    [property: JsonPropertyName("indices")] uint[] Indices,
    [property: JsonPropertyName("values")] float[] Values);

internal sealed record ChunkPayloadDto(
    [property: JsonPropertyName("report_id")] string ReportId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("publisher")] string? Publisher,
    [property: JsonPropertyName("published")] string? Published,
    [property: JsonPropertyName("published_date")] string? PublishedDate,
    [property: JsonPropertyName("chunk_index")] int ChunkIndex,
    [property: JsonPropertyName("start")] int Start,
    [property: JsonPropertyName("end")] int End,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("is_headline")] bool IsHeadline,
    [property: JsonPropertyName("content_hash")] string? ContentHash);

internal sealed record ManifestPayloadDto(
    [property: JsonPropertyName("report_id")] string ReportId,
    [property: JsonPropertyName("content_hash")] string? ContentHash,
    [property: JsonPropertyName("chunk_count")] int ChunkCount,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("publisher")] string? Publisher,
    [property: JsonPropertyName("published")] string? Published);

/// <summary><c>POST /collections/{name}/points/delete</c>: by filter or by ids.</summary>
internal sealed record DeleteRequest(
    [property: JsonPropertyName("filter")] Filter? Filter = null,
    [property: JsonPropertyName("points")] Guid[]? Points = null);

/// <summary><c>POST /collections/{name}/points/scroll</c>.</summary>
internal sealed record ScrollRequest(
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] Guid? Offset,
    [property: JsonPropertyName("with_payload")] bool WithPayload,
    [property: JsonPropertyName("with_vector")] bool WithVector);

internal sealed record ScrollResult(
    [property: JsonPropertyName("points")] List<RecordDto<ManifestPayloadDto>>? Points,
    [property: JsonPropertyName("next_page_offset")] Guid? NextPageOffset);

internal sealed record RecordDto<TPayload>(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("payload")] TPayload? Payload);

/// <summary><c>POST /collections/{name}/points/count</c>.</summary>
internal sealed record CountRequest(
    [property: JsonPropertyName("exact")] bool Exact,
    [property: JsonPropertyName("filter")] Filter? Filter = null);

internal sealed record CountResult([property: JsonPropertyName("count")] long Count);

/// <summary><c>POST /collections/{name}/facet</c>: the distinct values of a keyword-indexed payload key.</summary>
internal sealed record FacetRequest(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("limit")] long Limit,
    [property: JsonPropertyName("exact")] bool Exact);

internal sealed record FacetResult([property: JsonPropertyName("hits")] List<FacetHit>? Hits);

internal sealed record FacetHit(
    [property: JsonPropertyName("value")] JsonElement Value,
    [property: JsonPropertyName("count")] long Count);

/// <summary>Result of a write (<c>?wait=true</c> gives status <c>completed</c>).</summary>
internal sealed record UpdateResult(
    [property: JsonPropertyName("operation_id")] long? OperationId,
    [property: JsonPropertyName("status")] string? Status);

// ---- filters -------------------------------------------------------------------------------------

/// <summary>A filter whose conditions must all hold.</summary>
internal sealed record Filter([property: JsonPropertyName("must")] IReadOnlyList<FieldCondition> Must);

/// <summary>A field condition: <c>match</c> (value or any-of) or a datetime <c>range</c> (RFC 3339 bounds).</summary>
internal sealed record FieldCondition(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("match")] MatchDto? Match = null,
    [property: JsonPropertyName("range")] DatetimeRange? Range = null);

internal sealed record MatchDto(
    [property: JsonPropertyName("value")] string? Value = null,
    [property: JsonPropertyName("any")] IReadOnlyList<string>? Any = null);

internal sealed record DatetimeRange(
    [property: JsonPropertyName("gte")] string? Gte = null,
    [property: JsonPropertyName("lt")] string? Lt = null);

// ---- query ---------------------------------------------------------------------------------------

/// <summary><c>POST /collections/{name}/points/query</c> (Query API).</summary>
internal sealed record QueryRequest(
    [property: JsonPropertyName("prefetch")] IReadOnlyList<Prefetch>? Prefetch,
    [property: JsonPropertyName("query")] QueryInput Query,
    [property: JsonPropertyName("using")] string? Using,
    [property: JsonPropertyName("filter")] Filter? Filter,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("with_payload")] bool WithPayload);

internal sealed record Prefetch(
    [property: JsonPropertyName("query")] QueryInput Query,
    [property: JsonPropertyName("using")] string Using,
    [property: JsonPropertyName("filter")] Filter? Filter,
    [property: JsonPropertyName("limit")] int Limit);

/// <summary>
/// The <c>query</c> member: a dense vector (<c>[..]</c>), a sparse vector (<c>{"indices","values"}</c>) or a fusion
/// (<c>{"fusion":"rrf"|"dbsf"}</c>). Exactly one is set.
/// </summary>
[JsonConverter(typeof(QueryInputConverter))]
internal sealed record QueryInput(float[]? Dense = null, SparseVectorDto? Sparse = null, string? Fusion = null);

internal sealed class QueryInputConverter : JsonConverter<QueryInput>
{
    public override QueryInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("QueryInput is write-only.");

    public override void Write(Utf8JsonWriter writer, QueryInput value, JsonSerializerOptions options)
    {
        if (value.Fusion is { } fusion)
        {
            writer.WriteStartObject();
            writer.WriteString("fusion", fusion);
            writer.WriteEndObject();
        }
        else if (value.Sparse is { } sparse)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("indices");
            foreach (var i in sparse.Indices)
                writer.WriteNumberValue(i);
            writer.WriteEndArray();
            writer.WriteStartArray("values");
            foreach (var v in sparse.Values)
                writer.WriteNumberValue(v);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartArray();
            foreach (var v in value.Dense ?? [])
                writer.WriteNumberValue(v);
            writer.WriteEndArray();
        }
    }
}

internal sealed record QueryResult([property: JsonPropertyName("points")] List<ScoredPointDto>? Points);

internal sealed record ScoredPointDto(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("payload")] ChunkPayloadDto? Payload);

// ---- envelope ------------------------------------------------------------------------------------

/// <summary>Success envelope: <c>{"result": ..., "status": "ok", "time": ...}</c>.</summary>
internal sealed record QdrantResponse<T>([property: JsonPropertyName("result")] T? Result);

/// <summary>Error envelope: <c>{"status": {"error": "..."}, "time": ...}</c>.</summary>
internal sealed record QdrantError([property: JsonPropertyName("status")] QdrantErrorStatus? Status);

internal sealed record QdrantErrorStatus([property: JsonPropertyName("error")] string? Error);
