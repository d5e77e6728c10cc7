using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.Collections;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using ReportBot.Core.Retrieval;
using static Qdrant.Client.Grpc.Conditions;
using Range = Qdrant.Client.Grpc.Range;
using SparseVector = ReportBot.Core.Retrieval.SparseVector;

namespace ReportBot.Infrastructure.Qdrant;

/// <summary>
/// <see cref="IVectorIndex"/> over Qdrant's official .NET client (<see cref="QdrantClient"/>, gRPC). Collection names
/// are <c>{CollectionPrefix}_{schema name}</c>. The schema is given by <see cref="EnsureCollectionsAsync"/> (or
/// <see cref="UseSchema"/> for a reader that must not create anything). Every call carries a gRPC deadline
/// (<see cref="QdrantOptions.TimeoutSeconds"/>) and goes through the <see cref="QdrantResilience"/> pipeline; when Qdrant
/// cannot be reached (retries exhausted, circuit open, a transient gRPC status) an <see cref="IndexUnavailableException"/>
/// is thrown, other errors give an <see cref="InvalidOperationException"/> carrying Qdrant's message.
/// </summary>
public sealed class QdrantIndex : IVectorIndex, IDisposable
{
    /// <summary>Points per upsert request.</summary>
    public const int UpsertBatchSize = 256;

    private const string Dense = "dense";
    private const string Sparse = "sparse";
    private const uint ScrollPageSize = 256;
    private static readonly TimeSpan AvailabilityTimeout = TimeSpan.FromSeconds(2);
    private static readonly (string Field, PayloadSchemaType Type)[] PayloadIndexes =
        [("report_id", PayloadSchemaType.Keyword), ("publisher", PayloadSchemaType.Keyword), ("published_date", PayloadSchemaType.Datetime)];

    private readonly GrpcChannel _channel;
    private readonly QdrantClient _schemaClient; // the same channel, with the longer deadline of schema changes
    private readonly Uri _endpoint;
    private readonly string _prefix;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private volatile IndexSchema? _schema;

    /// <summary>Creates the index client.</summary>
    /// <param name="endpoint">Qdrant's gRPC endpoint, e.g. <c>http://127.0.0.1:6334</c>; an <c>https</c> endpoint is reached over TLS.</param>
    /// <param name="options">Collection prefix, API key, deadline and retries.</param>
    /// <param name="logger">Logs the endpoint and failures (never the API key).</param>
    /// <param name="pipeline">A shared pipeline from <see cref="QdrantResilience.Create"/>; built from <paramref name="options"/> when null.</param>
    /// <param name="handler">The HTTP/2 handler under the gRPC channel (tests wrap it); a pooled <see cref="SocketsHttpHandler"/> when null.</param>
    public QdrantIndex(Uri endpoint, QdrantOptions options, ILogger<QdrantIndex>? logger = null, ResiliencePipeline? pipeline = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        _endpoint = endpoint;
        _prefix = options.CollectionPrefix ?? "";
        _logger = logger ?? NullLogger<QdrantIndex>.Instance;
        _pipeline = pipeline ?? QdrantResilience.Create(options, logger: _logger);
        var deadline = TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 5);
        handler ??= new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = deadline,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        // The API key goes in the `api-key` header of every call (Qdrant's own scheme), over TLS when the endpoint is https.
        // Wrapping the socket handler also keeps the channel on plain HttpClient connection pooling: a bare SocketsHttpHandler
        // would make Grpc.Net.Client manage the connection itself, with a reconnect backoff that grows while Qdrant is down
        // (up to 2 minutes) and would keep failing calls for a while after Qdrant is back.
        handler = new ApiKeyHandler(string.IsNullOrEmpty(options.ApiKey) ? null : options.ApiKey, handler);
        // Grpc.Net.Client still sees the SocketsHttpHandler inside the wrapper and manages connections itself: its reconnect
        // backoff is kept short, so that calls succeed again within a second of Qdrant coming back (a restart mid-ingestion
        // failed the rerun with "Error connecting to subchannel" under the default backoff of 1 s growing to 2 minutes). It stays
        // well under the retry pipeline's own window (3 retries from 200 ms, QdrantResilience): at 1 s a restart mid-ingestion
        // still failed the rerun once in five CI runs, every retry falling inside one reconnect wait.
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromMilliseconds(250),
        });
        Client = new QdrantClient(new QdrantGrpcClient(_channel), deadline);
        var schemaDeadline = TimeSpan.FromSeconds(Math.Max(deadline.TotalSeconds, options.SchemaTimeoutSeconds));
        _schemaClient = new QdrantClient(new QdrantGrpcClient(_channel), schemaDeadline);
        _logger.LogInformation("Qdrant index at {Endpoint} over gRPC (collection prefix {Prefix}, deadline {Deadline} s)", endpoint, _prefix, deadline.TotalSeconds);
    }

    /// <summary>The Qdrant.Client instance (its calls bypass this class's resilience pipeline).</summary>
    public QdrantClient Client { get; }

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
        await Task.WhenAll(EnsureChunkCollectionAsync(), EnsureCollectionAsync(CollectionName(schema.ManifestCollection), 1, null, 1, schema.ReplicationFactor, cancellationToken));

        async Task EnsureChunkCollectionAsync()
        {
            // No idf modifier: the query carries the IDF of the corpus snapshot (SparseEncoder.EncodeQuery).
            var sparse = new SparseVectorConfig { Map = { [Sparse] = new SparseVectorParams { Modifier = Modifier.None } } };
            var info = await EnsureCollectionAsync(chunks, schema.DenseDimensions, sparse, schema.ShardNumber, schema.ReplicationFactor, cancellationToken);
            // A collection made by an older version has Qdrant's idf modifier, which would count the IDF twice: turned off in place.
            if (info?.Config?.Params?.SparseVectorsConfig?.Map.TryGetValue(Sparse, out var had) == true && had.Modifier == Modifier.Idf)
            {
                await CallAsync($"turn off the idf modifier of {chunks}", ct => _schemaClient.UpdateCollectionAsync(chunks, sparseVectorsConfig: sparse, cancellationToken: ct), cancellationToken);
                _logger.LogInformation("Turned off Qdrant's idf modifier on {Collection}: the service now weighs query terms by its own IDF", chunks);
            }
            // Only the payload indexes the collection lacks (a collection made by an older version may lack some); creating
            // one is idempotent in Qdrant, so two bots ensuring at once do no harm.
            await Task.WhenAll(PayloadIndexes.Where(x => info?.PayloadSchema.ContainsKey(x.Field) != true).Select(x =>
                CallAsync($"create payload index {x.Field} on {chunks}", ct => _schemaClient.CreatePayloadIndexAsync(chunks, x.Field, x.Type, wait: true, cancellationToken: ct), cancellationToken)));
        }
        _schema = schema;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReportManifest>> GetManifestsAsync(CancellationToken cancellationToken)
    {
        var collection = ManifestCollection;
        var manifests = new List<ReportManifest>();
        PointId? offset = null;
        do
        {
            var page = await CallAsync($"scroll {collection}", ct => Client.ScrollAsync(collection, limit: ScrollPageSize, offset: offset, payloadSelector: true, cancellationToken: ct), cancellationToken);
            foreach (var point in page.Result)
            {
                var p = point.Payload;
                if (Text(p, "report_id") is { } reportId)
                    manifests.Add(new ReportManifest(reportId, Text(p, "content_hash") ?? "", (int)Integer(p, "chunk_count"), Text(p, "title") ?? "", Text(p, "publisher"), Text(p, "published")));
            }
            offset = page.NextPageOffset;
        }
        while (offset is not null);
        return manifests;
    }

    /// <inheritdoc />
    public async Task DeleteReportAsync(string reportId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportId);
        var (chunks, manifests) = (ChunkCollection, ManifestCollection);
        await CallAsync($"delete {reportId} from {chunks}", ct => Client.DeleteAsync(chunks, MatchKeyword("report_id", reportId), wait: true, cancellationToken: ct), cancellationToken);
        await CallAsync($"delete {reportId} from {manifests}", ct => Client.DeleteAsync(manifests, ManifestId(reportId), wait: true, cancellationToken: ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Batches of <see cref="UpsertBatchSize"/>; only the last one waits. Qdrant applies the updates of a shard in order,
    /// so when the last batch is applied the earlier ones are too, and the caller's manifest still follows its chunks.
    /// Not waiting on every batch lets Qdrant index while the next batch is serialised and sent.
    /// </remarks>
    public async Task UpsertChunksAsync(IReadOnlyList<IndexPoint> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var collection = ChunkCollection;
        var batches = points.Chunk(UpsertBatchSize).ToList();
        for (var b = 0; b < batches.Count; b++)
        {
            var structs = batches[b].Select(ToPoint).ToList();
            var wait = b == batches.Count - 1;
            await CallAsync($"upsert {structs.Count} points into {collection}", ct => Client.UpsertAsync(collection, structs, wait, cancellationToken: ct), cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task DeleteReportsAsync(IReadOnlyList<string> reportIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reportIds);
        var (chunks, manifests) = (ChunkCollection, ManifestCollection);
        foreach (var ids in reportIds.Chunk(UpsertBatchSize))
        {
            await CallAsync($"delete {ids.Length} reports from {chunks}", ct => Client.DeleteAsync(chunks, Match("report_id", ids), wait: true, cancellationToken: ct), cancellationToken);
            var manifestIds = ids.Select(ManifestId).ToList();
            await CallAsync($"delete {ids.Length} manifests from {manifests}", ct => Client.DeleteAsync(manifests, manifestIds, wait: true, cancellationToken: ct), cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task UpsertManifestsAsync(IReadOnlyList<ReportManifest> manifests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var collection = ManifestCollection;
        foreach (var batch in manifests.Chunk(UpsertBatchSize))
        {
            var structs = batch.Select(ToPoint).ToList();
            await CallAsync($"upsert {structs.Count} manifests into {collection}", ct => Client.UpsertAsync(collection, structs, wait: true, cancellationToken: ct), cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task UpsertManifestAsync(ReportManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return UpsertManifestsAsync([manifest], cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ScoredChunk>> QueryAsync(HybridQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var collection = ChunkCollection;
        if (query.Fusion == FusionMode.Rrf && query.Sparse.Indices.Length > 0)
            return await FusedAsync(collection, query, cancellationToken);
        if (Plan(query) is not { } plan)
            return []; // sparse only, and no query terms: nothing can match
        var points = await CallAsync($"query {collection}", ct => Client.QueryAsync(collection, plan.Query, plan.Prefetch, plan.Using, plan.Filter,
            limit: (ulong)query.Limit, payloadSelector: true, cancellationToken: ct), cancellationToken);
        return points.Select(ToScoredChunk).ToList();
    }

    /// <summary>
    /// RRF in the service (<see cref="RankFusion"/>): the sparse and dense candidates in one batch request, ids and scores
    /// only, fused; then the payloads of the chunks kept, in a second request (asking every candidate's payload made the
    /// query four times slower at 10k chunks).
    /// </summary>
    private async Task<IReadOnlyList<ScoredChunk>> FusedAsync(string collection, HybridQuery query, CancellationToken cancellationToken)
    {
        var perList = Math.Max(query.PrefetchLimit, query.Limit);
        var filter = BuildFilter(query.Filter);
        QueryPoints Candidates(Query q, string vector)
        {
            var request = new QueryPoints
            {
                CollectionName = collection, Query = q, Using = vector, Limit = (ulong)(perList + RankFusion.TieMargin),
                WithPayload = new WithPayloadSelector { Enable = false },
            };
            if (filter is not null) request.Filter = filter;
            return request;
        }
        var batch = await CallAsync($"query {collection}", ct => Client.QueryBatchAsync(collection,
            [Candidates((query.Sparse.Values, query.Sparse.Indices), Sparse), Candidates(query.Dense, Dense)], cancellationToken: ct), cancellationToken);
        var kept = RankFusion.Reciprocal(batch.Select(b => (IReadOnlyList<ScoredChunk>)b.Result.Select(ToScoredChunk).ToList()), perList, query.Limit);
        if (kept.Count == 0) return kept;
        var points = await CallAsync($"retrieve from {collection}", ct => Client.RetrieveAsync(collection, kept.Select(c => (PointId)c.Id).ToList(),
            withPayload: true, withVectors: false, cancellationToken: ct), cancellationToken);
        var payloads = points.ToDictionary(p => Guid.Parse(p.Id.Uuid), p => p.Payload);
        return kept.Where(c => payloads.ContainsKey(c.Id)).Select(c => ToScoredChunk(c.Id, c.Score, payloads[c.Id])).ToList();
    }

    /// <inheritdoc />
    /// <remarks>
    /// Qdrant's grouped Query API (<c>group_by = report_id</c>) over a prefetch of both lists fused inside Qdrant: unlike
    /// <see cref="QueryAsync"/>'s RRF (done in the service, <see cref="RankFusion"/>), the order of equal scores is Qdrant's.
    /// </remarks>
    public async Task<IReadOnlyList<ReportHits>> QueryByReportAsync(HybridQuery query, int perReport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(perReport, 1);
        var collection = ChunkCollection;
        if (Plan(query) is not { } plan)
            return [];
        var groups = await CallAsync($"query {collection} grouped by report", ct => Client.QueryGroupsAsync(collection, "report_id", plan.Query, plan.Prefetch, plan.Using, plan.Filter,
            limit: (ulong)query.Limit, groupSize: (ulong)perReport, payloadSelector: true, cancellationToken: ct), cancellationToken);
        return groups.Select(g => new ReportHits(g.Id.StringValue, g.Hits.Select(ToScoredChunk).ToList())).ToList();
    }

    /// <inheritdoc />
    /// <remarks>Qdrant's facet API over the keyword index on <c>report_id</c>, counted exactly, in one call.</remarks>
    public async Task<IReadOnlyList<string>> GetChunkReportIdsAsync(CancellationToken cancellationToken)
    {
        var points = await CountChunksAsync(cancellationToken);
        if (points == 0) return [];
        var collection = ChunkCollection;
        var hits = await CallAsync($"facet {collection}",
            ct => Client.FacetAsync(collection, "report_id", filter: null, limit: (ulong)points, exact: true, cancellationToken: ct), cancellationToken);
        return hits.Hits.Where(h => h.Value.HasStringValue).Select(h => h.Value.StringValue).ToList();
    }

    /// <inheritdoc />
    public async Task<long> CountChunksAsync(CancellationToken cancellationToken)
    {
        var collection = ChunkCollection;
        return (long)await CallAsync($"count {collection}", ct => Client.CountAsync(collection, exact: true, cancellationToken: ct), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Qdrant's gRPC health check, directly (not through the circuit breaker), with a 2 s bound; never throws.</remarks>
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        // Within the availability timeout, a refused connection is tried again: right after Qdrant comes back the channel
        // may still be waiting out its (short) reconnect backoff and fail a call at once.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AvailabilityTimeout);
        var retryUntil = Environment.TickCount64 + 600;
        while (true)
        {
            try
            {
                await Client.HealthAsync(timeout.Token);
                return true;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && !timeout.IsCancellationRequested && Environment.TickCount64 < retryUntil)
            {
                try { await Task.Delay(100, timeout.Token); }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogDebug("Qdrant at {Endpoint} is not available: {Reason}", _endpoint, QdrantResilience.Describe(ex));
                    return false;
                }
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or HttpRequestException)
            {
                _logger.LogDebug("Qdrant at {Endpoint} is not available: {Reason}", _endpoint, QdrantResilience.Describe(ex));
                return false;
            }
        }
    }

    /// <summary>Closes the gRPC channel.</summary>
    public void Dispose()
    {
        Client.Dispose();
        _schemaClient.Dispose();
        _channel.Dispose();
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

    private sealed record QueryPlan(Query Query, IReadOnlyList<PrefetchQuery>? Prefetch, string? Using, Filter? Filter);

    /// <summary>
    /// The Query API request of <paramref name="query"/>: sparse only, dense only (also when there are no query terms),
    /// or both as prefetches fused by RRF or DBSF. Null when nothing can match (sparse only without terms).
    /// </summary>
    private static QueryPlan? Plan(HybridQuery query)
    {
        var filter = BuildFilter(query.Filter);
        var hasSparse = query.Sparse.Indices.Length > 0;
        Query sparse = (query.Sparse.Values, query.Sparse.Indices);
        Query dense = query.Dense;
        Fusion? fusion = query.Fusion switch
        {
            FusionMode.Rrf => Fusion.Rrf,
            FusionMode.Dbsf => Fusion.Dbsf,
            _ => null,
        };
        if (query.Fusion == FusionMode.SparseOnly)
            return hasSparse ? new QueryPlan(sparse, null, Sparse, filter) : null;
        if (query.Fusion == FusionMode.DenseOnly || !hasSparse || fusion is not { } f)
            return new QueryPlan(dense, null, Dense, filter);
        var prefetchLimit = (ulong)Math.Max(query.PrefetchLimit, query.Limit);
        var prefetch = new List<PrefetchQuery>
        {
            new() { Query = sparse, Using = Sparse, Limit = prefetchLimit },
            new() { Query = dense, Using = Dense, Limit = prefetchLimit },
        };
        if (filter is not null)
            foreach (var p in prefetch) p.Filter = filter;
        return new QueryPlan(f, prefetch, null, null);
    }

    private static PointStruct ToPoint(IndexPoint p)
    {
        var vectors = new Dictionary<string, Vector> { [Dense] = p.Dense };
        if (p.Sparse.Indices.Length > 0)
            vectors[Sparse] = (p.Sparse.Values, p.Sparse.Indices);
        var point = new PointStruct { Id = p.Id, Vectors = vectors };
        var c = p.Payload;
        Put(point.Payload, "report_id", c.ReportId);
        Put(point.Payload, "title", c.Title);
        Put(point.Payload, "publisher", c.Publisher);
        Put(point.Payload, "published", c.Published);
        Put(point.Payload, "published_date", TryParsePublished(c.Published, out var first, out _) ? Rfc3339(first) : null);
        point.Payload["chunk_index"] = c.ChunkIndex;
        point.Payload["start"] = c.Start;
        point.Payload["end"] = c.End;
        Put(point.Payload, "text", c.Text);
        point.Payload["is_headline"] = c.IsHeadline;
        Put(point.Payload, "content_hash", c.ContentHash);
        return point;
    }

    private static PointStruct ToPoint(ReportManifest m)
    {
        // The manifest collection's vector is a constant placeholder: manifests are only scrolled, never searched.
        var point = new PointStruct { Id = ManifestId(m.ReportId), Vectors = new Dictionary<string, Vector> { [Dense] = new[] { 1f } } };
        Put(point.Payload, "report_id", m.ReportId);
        Put(point.Payload, "content_hash", m.ContentHash);
        point.Payload["chunk_count"] = m.ChunkCount;
        Put(point.Payload, "title", m.Title);
        Put(point.Payload, "publisher", m.Publisher);
        Put(point.Payload, "published", m.Published);
        return point;
    }

    private static ScoredChunk ToScoredChunk(ScoredPoint p) => ToScoredChunk(Guid.Parse(p.Id.Uuid), p.Score, p.Payload);

    private static ScoredChunk ToScoredChunk(Guid id, double score, MapField<string, Value> d)
    {
        var payload = new ChunkPayload(Text(d, "report_id") ?? "", Text(d, "title") ?? "", Text(d, "publisher"), Text(d, "published"),
            (int)Integer(d, "chunk_index"), (int)Integer(d, "start"), (int)Integer(d, "end"), Text(d, "text") ?? "",
            d.TryGetValue("is_headline", out var h) && h.BoolValue, Text(d, "content_hash") ?? "");
        return new ScoredChunk(id, score, payload);
    }

    /// <summary>Null values are left out of the payload (as absent keys), as Qdrant's REST API did with omitted members.</summary>
    private static void Put(MapField<string, Value> payload, string key, string? value)
    {
        if (value is not null)
            payload[key] = value;
    }

    private static string? Text(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : null;

    private static long Integer(MapField<string, Value> payload, string key) =>
        payload.TryGetValue(key, out var v) ? v.KindCase switch
        {
            Value.KindOneofCase.IntegerValue => v.IntegerValue,
            Value.KindOneofCase.DoubleValue => (long)v.DoubleValue,
            _ => 0,
        } : 0;

    private static string Rfc3339(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    /// <summary>All of: report id in the list, publisher in the list, published_date within [from's first day, to's last day].</summary>
    private static Filter? BuildFilter(QueryFilter? filter)
    {
        if (filter is null)
            return null;
        var must = new Filter();
        if (filter.ReportIds is { Count: > 0 } ids)
            must.Must.Add(Match("report_id", ids.ToList()));
        if (filter.Publishers is { Count: > 0 } publishers)
            must.Must.Add(Match("publisher", publishers.ToList()));
        if (filter.PublishedFrom is not null || filter.PublishedTo is not null)
        {
            DateTime? from = filter.PublishedFrom is null ? null : ParseBound(filter.PublishedFrom, nameof(filter.PublishedFrom)).First.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            DateTime? before = filter.PublishedTo is null ? null : ParseBound(filter.PublishedTo, nameof(filter.PublishedTo)).Last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            must.Must.Add(DatetimeRange("published_date", lt: before, gte: from));
        }
        return must.Must.Count == 0 ? null : must;

        static (DateOnly First, DateOnly Last) ParseBound(string value, string name) =>
            TryParsePublished(value, out var first, out var last)
                ? (first, last)
                : throw new ArgumentException($"{name} '{value}' is not a date (yyyy, yyyy-MM or yyyy-MM-dd).", nameof(filter));
    }

    private IndexSchema RequireSchema() =>
        _schema ?? throw new InvalidOperationException("Call EnsureCollectionsAsync (or UseSchema) before using the Qdrant index.");

    /// <summary>Creates the collection when missing; returns the existing collection's info (null when it was created here).</summary>
    private async Task<CollectionInfo?> EnsureCollectionAsync(string name, int denseSize, SparseVectorConfig? sparse, int shards, int replicas, CancellationToken cancellationToken)
    {
        if (await CallAsync($"check collection {name}", ct => Client.CollectionExistsAsync(name, ct), cancellationToken))
        {
            var info = await CallAsync($"get collection {name}", ct => Client.GetCollectionInfoAsync(name, ct), cancellationToken);
            ulong? size = info.Config?.Params?.VectorsConfig?.ParamsMap?.Map.TryGetValue(Dense, out var dense) == true ? dense.Size : null;
            if (size != (ulong)denseSize)
                throw new InvalidOperationException($"Qdrant collection '{name}' exists with dense vector size {size?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}, expected {denseSize}; use another collection name.");
            return info;
        }

        var vectors = new VectorParamsMap { Map = { [Dense] = new VectorParams { Size = (ulong)denseSize, Distance = sparse is null ? Distance.Dot : Distance.Cosine } } };
        try
        {
            await CallAsync($"create collection {name}", ct => _schemaClient.CreateCollectionAsync(name, vectors, shardNumber: (uint)shards, replicationFactor: (uint)replicas,
                sparseVectorsConfig: sparse, cancellationToken: ct), cancellationToken);
        }
        catch (InvalidOperationException e) when (e.InnerException is RpcException { StatusCode: StatusCode.AlreadyExists } || e.Message.Contains("already exists", StringComparison.Ordinal))
        {
            return null; // created concurrently: its payload indexes are ensured as for a new one
        }
        _logger.LogInformation("Created Qdrant collection {Collection}", name);
        return null;
    }

    private async Task CallAsync(string what, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        await CallAsync(what, async ct => { await call(ct); return true; }, cancellationToken);

    /// <summary>
    /// Runs one Qdrant.Client call through the resilience pipeline. Maps "Qdrant cannot be reached" to
    /// <see cref="IndexUnavailableException"/> and any other gRPC error to <see cref="InvalidOperationException"/>.
    /// </summary>
    private async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(static async (call, ct) => await call(ct), call, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw Unavailable(what, "circuit open after repeated failures", ex);
        }
        catch (RpcException ex) when (QdrantResilience.IsTransient(ex) || (ex.StatusCode == StatusCode.Cancelled && !cancellationToken.IsCancellationRequested))
        {
            throw Unavailable(what, $"{ex.StatusCode}: {ex.Status.Detail}", ex);
        }
        catch (RpcException ex)
        {
            throw new InvalidOperationException($"Qdrant {what} failed ({ex.StatusCode}): {ex.Status.Detail}", ex);
        }
        catch (QdrantException ex)
        {
            throw new InvalidOperationException($"Qdrant {what} failed: {ex.Message}", ex);
        }
    }

    private IndexUnavailableException Unavailable(string what, string reason, Exception? inner)
    {
        _logger.LogWarning("Qdrant at {Endpoint} unavailable: {What}: {Reason}", _endpoint, what, reason);
        return new IndexUnavailableException($"Qdrant at {_endpoint} is unavailable ({what}: {reason}).", inner);
    }

    /// <summary>Adds the <c>api-key</c> header (when there is a key) to every gRPC request.</summary>
    private sealed class ApiKeyHandler(string? apiKey, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (apiKey is not null)
                request.Headers.TryAddWithoutValidation("api-key", apiKey);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
