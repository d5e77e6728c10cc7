using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Infrastructure.Qdrant;

/// <summary>
/// <see cref="IVectorIndex"/> over Qdrant's REST API. Collection names are <c>{CollectionPrefix}_{schema name}</c>.
/// The schema is given by <see cref="EnsureCollectionsAsync"/> (or <see cref="UseSchema"/> for a reader that must not
/// create anything). Every call goes through the Qdrant resilience pipeline; when Qdrant cannot be reached (retries
/// exhausted, circuit open, connection refused, HTTP 429/5xx) an <see cref="IndexUnavailableException"/> is thrown,
/// other errors give an <see cref="InvalidOperationException"/> carrying Qdrant's message.
/// </summary>
public sealed class QdrantIndex : IVectorIndex
{
    /// <summary>Points per upsert request.</summary>
    public const int UpsertBatchSize = 256;

    private const string Dense = "dense";
    private const string Sparse = "sparse";
    private const int ScrollPageSize = 256;
    private static readonly TimeSpan AvailabilityTimeout = TimeSpan.FromSeconds(2);
    private static readonly (string Field, string Schema)[] PayloadIndexes =
        [("report_id", "keyword"), ("publisher", "keyword"), ("published_date", "datetime")];

    private readonly HttpClient _http;
    private readonly string _prefix;
    private readonly string? _apiKey;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger _logger;
    private volatile IndexSchema? _schema;

    /// <summary>Creates the index client.</summary>
    /// <param name="httpClient">Client for Qdrant; when its <c>BaseAddress</c> is null, <see cref="QdrantOptions.Endpoint"/> is used.</param>
    /// <param name="options">Collection prefix, API key, timeouts and retries.</param>
    /// <param name="logger">Logs the endpoint and failures (never the API key).</param>
    /// <param name="pipeline">A shared pipeline from <see cref="ResiliencePipelines.CreateQdrant"/>; built from <paramref name="options"/> when null.</param>
    /// <param name="timeProvider">Clock of the pipeline built here (ignored when <paramref name="pipeline"/> is given).</param>
    public QdrantIndex(
        HttpClient httpClient,
        QdrantOptions options,
        ILogger<QdrantIndex>? logger = null,
        ResiliencePipeline<HttpResponseMessage>? pipeline = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        if (_http.BaseAddress is null)
        {
            if (string.IsNullOrWhiteSpace(options.Endpoint))
                throw new ArgumentException("HttpClient.BaseAddress or QdrantOptions.Endpoint must be set.", nameof(options));
            _http.BaseAddress = new Uri(options.Endpoint.TrimEnd('/') + "/");
        }
        _prefix = options.CollectionPrefix ?? "";
        _apiKey = string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey;
        _logger = logger ?? NullLogger<QdrantIndex>.Instance;
        _pipeline = pipeline ?? ResiliencePipelines.CreateQdrant(options, timeProvider, _logger);
        _logger.LogInformation("Qdrant index at {Endpoint} (collection prefix {Prefix})", _http.BaseAddress, _prefix);
    }

    /// <summary>The schema in use (set by <see cref="EnsureCollectionsAsync"/> or <see cref="UseSchema"/>).</summary>
    public IndexSchema? Schema => _schema;

    /// <summary>Actual name of the chunk collection of the current schema.</summary>
    public string ChunkCollection => CollectionName(RequireSchema().ChunkCollection);

    /// <summary>Actual name of the manifest collection of the current schema.</summary>
    public string ManifestCollection => CollectionName(RequireSchema().ManifestCollection);

    /// <summary>Uses <paramref name="schema"/>'s collections without creating them.</summary>
    public void UseSchema(IndexSchema schema) => _schema = schema ?? throw new ArgumentNullException(nameof(schema));

    /// <inheritdoc />
    public async Task EnsureCollectionsAsync(IndexSchema schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var chunks = CollectionName(schema.ChunkCollection);
        // The two collections are independent: set up side by side (a first sync pays collection creation once, not twice in a row).
        await Task.WhenAll(EnsureChunkCollectionAsync(), EnsureCollectionAsync(CollectionName(schema.ManifestCollection), 1, new CreateCollectionRequest(
            new() { [Dense] = new VectorParams(1, "Dot") }, null, 1, schema.ReplicationFactor), cancellationToken));

        async Task EnsureChunkCollectionAsync()
        {
            var info = await EnsureCollectionAsync(chunks, schema.DenseDimensions, new CreateCollectionRequest(
                new() { [Dense] = new VectorParams(schema.DenseDimensions, "Cosine") },
                new() { [Sparse] = new SparseVectorParams("idf") },
                schema.ShardNumber,
                schema.ReplicationFactor), cancellationToken);
            // Only the payload indexes the collection lacks (a collection made by an older version may lack some); creating
            // one is idempotent in Qdrant, so two bots ensuring at once do no harm.
            await Task.WhenAll(PayloadIndexes.Where(x => info?.PayloadSchema?.ContainsKey(x.Field) != true).Select(x =>
                CallAsync(HttpMethod.Put, $"collections/{Escape(chunks)}/index?wait=true",
                    Json(new CreateFieldIndexRequest(x.Field, x.Schema), Ctx.CreateFieldIndexRequest), Ctx.QdrantResponseUpdateResult, cancellationToken)));
        }
        _schema = schema;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReportManifest>> GetManifestsAsync(CancellationToken cancellationToken)
    {
        var path = $"collections/{Escape(ManifestCollection)}/points/scroll";
        var manifests = new List<ReportManifest>();
        Guid? offset = null;
        do
        {
            var page = await CallAsync(HttpMethod.Post, path, Json(new ScrollRequest(ScrollPageSize, offset, true, false), Ctx.ScrollRequest),
                Ctx.QdrantResponseScrollResult, cancellationToken);
            foreach (var point in page?.Points ?? [])
            {
                if (point.Payload is { } p)
                    manifests.Add(new ReportManifest(p.ReportId, p.ContentHash ?? "", p.ChunkCount, p.Title ?? "", p.Publisher, p.Published));
            }
            offset = page?.NextPageOffset;
        }
        while (offset is not null);
        return manifests;
    }

    /// <inheritdoc />
    public async Task DeleteReportAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var byReport = new DeleteRequest(Filter: new Filter([new FieldCondition("report_id", new MatchDto(Value: reportId))]));
        await CallAsync(HttpMethod.Post, $"collections/{Escape(ChunkCollection)}/points/delete?wait=true",
            Json(byReport, Ctx.DeleteRequest), Ctx.QdrantResponseUpdateResult, cancellationToken);
        await CallAsync(HttpMethod.Post, $"collections/{Escape(ManifestCollection)}/points/delete?wait=true",
            Json(new DeleteRequest(Points: [ManifestId(reportId)]), Ctx.DeleteRequest), Ctx.QdrantResponseUpdateResult, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Batches of <see cref="UpsertBatchSize"/>; only the last one waits (<c>wait=true</c>). Qdrant applies the updates of
    /// a shard in order, so when the last batch is applied the earlier ones are too, and the caller's manifest still
    /// follows its chunks. Not waiting on every batch lets Qdrant index while the next batch is serialised and sent.
    /// </remarks>
    public async Task UpsertChunksAsync(IReadOnlyList<IndexPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var batches = points.Chunk(UpsertBatchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var path = $"collections/{Escape(ChunkCollection)}/points?wait={(b == batches.Count - 1 ? "true" : "false")}";
            var request = new UpsertRequest<ChunkPayloadDto>(batches[b].Select(p => new PointStruct<ChunkPayloadDto>(
                p.Id,
                new NamedVectors(p.Dense, p.Sparse.Indices.Length == 0 ? null : new SparseVectorDto(p.Sparse.Indices, p.Sparse.Values)),
                ToDto(p.Payload))).ToList());
            await CallAsync(HttpMethod.Put, path, Json(request, Ctx.UpsertRequestChunkPayloadDto), Ctx.QdrantResponseUpdateResult, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task DeleteReportsAsync(IReadOnlyList<string> reportIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportIds);
        foreach (var ids in reportIds.Chunk(UpsertBatchSize))
        {
            var byReports = new DeleteRequest(Filter: new Filter([new FieldCondition("report_id", new MatchDto(Any: ids))]));
            await CallAsync(HttpMethod.Post, $"collections/{Escape(ChunkCollection)}/points/delete?wait=true",
                Json(byReports, Ctx.DeleteRequest), Ctx.QdrantResponseUpdateResult, cancellationToken);
            await CallAsync(HttpMethod.Post, $"collections/{Escape(ManifestCollection)}/points/delete?wait=true",
                Json(new DeleteRequest(Points: ids.Select(ManifestId).ToArray()), Ctx.DeleteRequest), Ctx.QdrantResponseUpdateResult, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task UpsertManifestsAsync(IReadOnlyList<ReportManifest> manifests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        foreach (var batch in manifests.Chunk(UpsertBatchSize))
        {
            var points = batch.Select(m => new PointStruct<ManifestPayloadDto>(ManifestId(m.ReportId), new NamedVectors([1f]), new ManifestPayloadDto(
                m.ReportId, m.ContentHash, m.ChunkCount, m.Title, m.Publisher, m.Published))).ToList();
            await CallAsync(HttpMethod.Put, $"collections/{Escape(ManifestCollection)}/points?wait=true",
                Json(new UpsertRequest<ManifestPayloadDto>(points), Ctx.UpsertRequestManifestPayloadDto), Ctx.QdrantResponseUpdateResult, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task UpsertManifestAsync(ReportManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var point = new PointStruct<ManifestPayloadDto>(ManifestId(manifest.ReportId), new NamedVectors([1f]), new ManifestPayloadDto(
            manifest.ReportId, manifest.ContentHash, manifest.ChunkCount, manifest.Title, manifest.Publisher, manifest.Published));
        await CallAsync(HttpMethod.Put, $"collections/{Escape(ManifestCollection)}/points?wait=true",
            Json(new UpsertRequest<ManifestPayloadDto>([point]), Ctx.UpsertRequestManifestPayloadDto), Ctx.QdrantResponseUpdateResult, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> QueryAsync(HybridQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = BuildFilter(query.Filter);
        var hasSparse = query.Sparse.Indices.Length > 0;
        var sparse = new QueryInput(Sparse: new SparseVectorDto(query.Sparse.Indices, query.Sparse.Values));
        var dense = new QueryInput(Dense: query.Dense);
        var fusion = query.Fusion switch
        {
            FusionMode.Rrf => "rrf",
            FusionMode.Dbsf => "dbsf",
            _ => null,
        };

        QueryRequest request;
        if (query.Fusion == FusionMode.SparseOnly)
        {
            if (!hasSparse)
                return []; // no query terms: nothing can match
            request = new QueryRequest(null, sparse, Sparse, filter, query.Limit, true);
        }
        else if (query.Fusion == FusionMode.DenseOnly || !hasSparse || fusion is null)
        {
            request = new QueryRequest(null, dense, Dense, filter, query.Limit, true);
        }
        else
        {
            var prefetchLimit = Math.Max(query.PrefetchLimit, query.Limit);
            request = new QueryRequest(
                [new Prefetch(sparse, Sparse, filter, prefetchLimit), new Prefetch(dense, Dense, filter, prefetchLimit)],
                new QueryInput(Fusion: fusion), null, null, query.Limit, true);
        }

        var result = await CallAsync(HttpMethod.Post, $"collections/{Escape(ChunkCollection)}/points/query",
            Json(request, Ctx.QueryRequest), Ctx.QdrantResponseQueryResult, cancellationToken);
        return (result?.Points ?? []).Where(p => p.Payload is not null).Select(p => new ScoredChunk(p.Id, p.Score, FromDto(p.Payload!))).ToList();
    }

    /// <inheritdoc />
    /// <remarks>Qdrant's facet API over the keyword index on <c>report_id</c>, counted exactly, in one request.</remarks>
    public async Task<IReadOnlyList<string>> GetChunkReportIdsAsync(CancellationToken cancellationToken)
    {
        var points = await CountChunksAsync(cancellationToken);
        if (points == 0) return [];
        var result = await CallAsync(HttpMethod.Post, $"collections/{Escape(ChunkCollection)}/facet",
            Json(new FacetRequest("report_id", points, Exact: true), Ctx.FacetRequest), Ctx.QdrantResponseFacetResult, cancellationToken);
        return (result?.Hits ?? []).Where(h => h.Value.ValueKind == System.Text.Json.JsonValueKind.String).Select(h => h.Value.GetString()!).ToList();
    }

    /// <inheritdoc />
    public async Task<long> CountChunksAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync(HttpMethod.Post, $"collections/{Escape(ChunkCollection)}/points/count",
            Json(new CountRequest(true), Ctx.CountRequest), Ctx.QdrantResponseCountResult, cancellationToken);
        return result?.Count ?? 0;
    }

    /// <inheritdoc />
    /// <remarks>Asks <c>GET /readyz</c> directly (not through the circuit breaker) with a 2 s timeout; never throws.</remarks>
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AvailabilityTimeout);
            using var request = CreateRequest(HttpMethod.Get, "readyz", null);
            using var response = await _http.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex)
        {
            _logger.LogDebug("Qdrant at {Endpoint} is not available: {Reason}", _http.BaseAddress, ex.Message);
            return false;
        }
    }

    /// <summary>Id of a report's manifest point: the first 16 bytes of SHA-256("manifest:" + reportId) as a UUID.</summary>
    public static Guid ManifestId(string reportId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("manifest:" + reportId), hash);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>
    /// The days a <c>published</c> value denotes: "2025" → 2025-01-01..2025-12-31, "2025-06" → June, "2025-06-02" → that
    /// day; a full timestamp → its (UTC) day. False when null or unparseable.
    /// </summary>
    public static bool TryParsePublished(string? published, out DateOnly first, out DateOnly last)
    {
        first = last = default;
        var s = published?.Trim();
        if (string.IsNullOrEmpty(s))
            return false;
        var inv = CultureInfo.InvariantCulture;
        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, inv, out var year) && year >= 1)
        {
            first = new DateOnly(year, 1, 1);
            last = new DateOnly(year, 12, 31);
            return true;
        }
        if (DateOnly.TryParseExact(s, "yyyy-MM", inv, DateTimeStyles.None, out first))
        {
            last = first.AddMonths(1).AddDays(-1);
            return true;
        }
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", inv, DateTimeStyles.None, out first))
        {
            last = first;
            return true;
        }
        if (DateTimeOffset.TryParse(s, inv, DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            first = last = DateOnly.FromDateTime(timestamp.UtcDateTime);
            return true;
        }
        return false;
    }

    internal string CollectionName(string name) => _prefix.Length == 0 ? name : $"{_prefix}_{name}";

    private static QdrantJsonContext Ctx => QdrantJsonContext.Default;

    private static string Escape(string collection) => Uri.EscapeDataString(collection);

    private static string Rfc3339(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static ChunkPayloadDto ToDto(ChunkPayload p) => new(
        p.ReportId, p.Title, p.Publisher, p.Published,
        TryParsePublished(p.Published, out var first, out _) ? Rfc3339(first) : null,
        p.ChunkIndex, p.Start, p.End, p.Text, p.IsHeadline, p.ContentHash);

    private static ChunkPayload FromDto(ChunkPayloadDto p) => new(
        p.ReportId, p.Title ?? "", p.Publisher, p.Published, p.ChunkIndex, p.Start, p.End, p.Text ?? "", p.IsHeadline, p.ContentHash ?? "");

    /// <summary>All of: report id in the list, publisher in the list, published_date within [from's first day, to's last day].</summary>
    private static Filter? BuildFilter(QueryFilter? filter)
    {
        if (filter is null)
            return null;
        var must = new List<FieldCondition>();
        if (filter.ReportIds is { Count: > 0 } ids)
            must.Add(new FieldCondition("report_id", new MatchDto(Any: ids)));
        if (filter.Publishers is { Count: > 0 } publishers)
            must.Add(new FieldCondition("publisher", new MatchDto(Any: publishers)));
        if (filter.PublishedFrom is not null || filter.PublishedTo is not null)
        {
            must.Add(new FieldCondition("published_date", Range: new DatetimeRange(
                filter.PublishedFrom is null ? null : Rfc3339(ParseBound(filter.PublishedFrom, nameof(filter.PublishedFrom)).First),
                filter.PublishedTo is null ? null : Rfc3339(ParseBound(filter.PublishedTo, nameof(filter.PublishedTo)).Last.AddDays(1)))));
        }
        return must.Count == 0 ? null : new Filter(must);

        static (DateOnly First, DateOnly Last) ParseBound(string value, string name) =>
            TryParsePublished(value, out var first, out var last)
                ? (first, last)
                : throw new ArgumentException($"{name} '{value}' is not a date (yyyy, yyyy-MM or yyyy-MM-dd).", nameof(filter));
    }

    private IndexSchema RequireSchema() =>
        _schema ?? throw new InvalidOperationException("Call EnsureCollectionsAsync (or UseSchema) before using the Qdrant index.");

    /// <summary>Creates the collection when missing; returns the existing collection's info (null when it was created here).</summary>
    private async Task<CollectionInfo?> EnsureCollectionAsync(string name, int denseSize, CreateCollectionRequest create, CancellationToken cancellationToken)
    {
        var path = $"collections/{Escape(name)}";
        using (var existing = await SendAsync(HttpMethod.Get, path, null, cancellationToken))
        {
            if (existing.IsSuccessStatusCode)
            {
                var info = await ReadAsync(existing, Ctx.QdrantResponseCollectionInfo, HttpMethod.Get, path, cancellationToken);
                var size = info?.Config?.Params?.Vectors?.GetValueOrDefault(Dense)?.Size;
                if (size != denseSize)
                    throw new InvalidOperationException($"Qdrant collection '{name}' exists with dense vector size {size?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}, expected {denseSize}; use another collection name.");
                return info;
            }
            if (existing.StatusCode != HttpStatusCode.NotFound)
                await ThrowErrorAsync(existing, HttpMethod.Get, path, cancellationToken);
        }

        using var created = await SendAsync(HttpMethod.Put, path, Json(create, Ctx.CreateCollectionRequest), cancellationToken);
        if (created.StatusCode == HttpStatusCode.Conflict)
            return null; // created concurrently ("already exists"): its payload indexes are ensured as for a new one
        if (!created.IsSuccessStatusCode)
            await ThrowErrorAsync(created, HttpMethod.Put, path, cancellationToken);
        _logger.LogInformation("Created Qdrant collection {Collection}", name);
        return null;
    }

    private static byte[] Json<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    /// <summary>Sends through the pipeline and returns the <c>result</c> of a successful answer.</summary>
    private async Task<T?> CallAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<QdrantResponse<T>> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
            await ThrowErrorAsync(response, method, path, cancellationToken);
        return await ReadAsync(response, typeInfo, method, path, cancellationToken);
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<QdrantResponse<T>> typeInfo, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
            return envelope is null ? default : envelope.Result;
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Qdrant {method} {path}: unexpected answer ({ex.Message}).", ex);
        }
    }

    /// <summary>
    /// Sends one request through the resilience pipeline (a fresh request message per attempt). Maps "Qdrant cannot be
    /// reached" to <see cref="IndexUnavailableException"/>; any other status is returned to the caller.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    using var request = state.Self.CreateRequest(state.Method, state.Path, state.Body);
                    return await state.Self._http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                },
                (Self: this, Method: method, Path: path, Body: body),
                cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw Unavailable(method, path, "circuit open after repeated failures", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw Unavailable(method, path, "timed out", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable(method, path, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(method, path, "request cancelled by the HTTP client (timeout)", ex);
        }

        if (HttpResilience.IsTransient(response))
        {
            using (response)
            {
                var error = await ReadErrorAsync(response, cancellationToken);
                throw Unavailable(method, path, $"HTTP {(int)response.StatusCode} {error}", null);
            }
        }
        return response;
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, byte[]? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (_apiKey is not null)
            request.Headers.TryAddWithoutValidation("api-key", _apiKey);
        if (body is not null)
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        return request;
    }

    private IndexUnavailableException Unavailable(HttpMethod method, string path, string reason, Exception? inner)
    {
        _logger.LogWarning("Qdrant at {Endpoint} unavailable: {Method} {Path}: {Reason}", _http.BaseAddress, method, path, reason);
        return new IndexUnavailableException($"Qdrant at {_http.BaseAddress} is unavailable ({method} {path}: {reason}).", inner);
    }

    private static async Task ThrowErrorAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var error = await ReadErrorAsync(response, cancellationToken);
        throw new InvalidOperationException($"Qdrant {method} {path} failed with HTTP {(int)response.StatusCode}: {error}");
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var error = JsonSerializer.Deserialize(body, Ctx.QdrantError)?.Status?.Error;
            if (!string.IsNullOrEmpty(error))
                return error;
        }
        catch (JsonException)
        {
        }
        return body.Length > 500 ? body[..500] : body.Length > 0 ? body : response.ReasonPhrase ?? "";
    }
}
