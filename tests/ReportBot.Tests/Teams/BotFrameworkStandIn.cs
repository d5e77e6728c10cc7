using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReportBot.Tests.Teams;

/// <summary>An activity the stand-in connector received.</summary>
public sealed record ReceivedActivity(string Path, string? Authorization, JsonObject Body, DateTimeOffset At)
{
    /// <summary>The id the connector answered with (for a streamed reply: the stream's id).</summary>
    public string? ResponseId { get; init; }

    /// <summary>The activity's <c>streaminfo</c> entity, if it has one.</summary>
    public JsonObject? StreamInfo => Body["entities"] is JsonArray entities
        ? entities.OfType<JsonObject>().FirstOrDefault(e => e["type"]?.GetValue<string>() == "streaminfo")
        : null;
}

/// <summary>A streamed-reply activity the stand-in refused, with the status and error code it answered.</summary>
public sealed record RefusedActivity(ReceivedActivity Activity, int Status, string Code);

/// <summary>
/// Stand-in for what a test cannot reach: the Bot Framework's OpenID metadata and signing keys, the Entra token
/// endpoint and the Teams connector service, on 127.0.0.1. It checks what it receives (client credentials, the bearer
/// token on connector calls) and records it; the tests sign inbound tokens with its keys. Streamed replies are checked
/// as Teams checks them: only in personal chats; an informative update first (sequence 1, no id), whose answer id is the
/// stream's id; draft updates as <c>typing</c> with that id, increasing sequence, each holding all of the text before it,
/// no faster than <see cref="MinStreamInterval"/>; a final <c>message</c> with that id closes the stream. What breaks a
/// rule is refused and listed in <see cref="ProtocolErrors"/>.
/// </summary>
public sealed class BotFrameworkStandIn : IAsyncDisposable
{
    public const string AppId = "11111111-2222-3333-4444-555555555555";
    public const string Secret = "test-secret-value";
    public const string Tenant = "99999999-8888-7777-6666-555555555555";
    public const string Scope = "https://api.botframework.com/.default";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (RSA Rsa, string[]? Endorsements)> _keys = new();
    private readonly ConcurrentQueue<ReceivedActivity> _received = new();
    private readonly ConcurrentQueue<ReceivedActivity> _throttled = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _hold;
    private int _heldCalls;
    private readonly ConcurrentQueue<string> _issuedTokens = new();
    private int _metadataRequests;
    private int _tokenRequests;
    private int _badTokenRequests;
    private int _failNextConnectorCalls;
    private readonly Lock _streamLock = new();
    private readonly Dictionary<string, StreamState> _streams = new();
    private readonly ConcurrentDictionary<string, (string StreamType, int Status)> _refuse = new();
    private readonly ConcurrentQueue<RefusedActivity> _refused = new();
    private readonly ConcurrentQueue<string> _protocolErrors = new();

    private sealed class StreamState(string conversation)
    {
        public string Conversation { get; } = conversation;
        public int Sequence { get; set; } = 1;
        public string Text { get; set; } = "";
        public bool Drafting { get; set; }
        public bool Closed { get; set; }
        public DateTimeOffset LastAt { get; set; }
    }

    private BotFrameworkStandIn(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;
    public string MetadataUrl => new Uri(BaseUri, "openid").ToString();
    public string TenantMetadataUrl => new Uri(BaseUri, "tenant/{tenant}/openid").ToString();
    public string TokenEndpoint => new Uri(BaseUri, "tenant/{tenant}/token").ToString();
    public string ServiceUrl => new Uri(BaseUri, "connector/").ToString().TrimEnd('/');
    public int MetadataRequests => _metadataRequests;

    private volatile bool _metadataFails;
    private volatile TaskCompletionSource? _metadataHang;

    /// <summary>While true, the OpenID metadata endpoint answers 503.</summary>
    public bool MetadataFails { get => _metadataFails; set => _metadataFails = value; }

    /// <summary>While set, the OpenID metadata endpoint waits for it before answering (a hanging metadata server).</summary>
    public TaskCompletionSource? MetadataHang { get => _metadataHang; set => _metadataHang = value; }
    public int TokenRequests => _tokenRequests;
    public int BadTokenRequests => _badTokenRequests;
    public IReadOnlyList<ReceivedActivity> Received => [.. _received];

    /// <summary>Streamed-reply activities refused (as scripted by <see cref="RefuseStreaming"/>, or for breaking a rule).</summary>
    public IReadOnlyList<RefusedActivity> Refused => [.. _refused];

    /// <summary>The streaming rules the bot broke (should stay empty).</summary>
    public IReadOnlyList<string> ProtocolErrors => [.. _protocolErrors];

    /// <summary>Least time Teams allows between two updates of one stream; a faster update gets 429 and is a protocol error.</summary>
    public TimeSpan MinStreamInterval { get; set; }

    /// <summary>In <paramref name="conversation"/>, every streamed-reply activity of <paramref name="streamType"/>
    /// (informative, streaming or final) is refused with <paramref name="status"/> (403: ContentStreamNotAllowed, 429: throttled).</summary>
    public void RefuseStreaming(string conversation, string streamType, int status) => _refuse[conversation] = (streamType, status);

    /// <summary>The connector calls answered 429 (by <see cref="FailNextConnectorCalls"/>), with what they carried.</summary>
    public IReadOnlyList<ReceivedActivity> Throttled => [.. _throttled];

    /// <summary>Connector calls waiting in <see cref="HoldConnectorCalls"/> so far (including those given up by the caller).</summary>
    public int HeldCalls => Volatile.Read(ref _heldCalls);

    /// <summary>The next <paramref name="count"/> connector calls get 429 with <c>Retry-After: 1</c>.</summary>
    public void FailNextConnectorCalls(int count) => Interlocked.Exchange(ref _failNextConnectorCalls, count);

    /// <summary>From now on connector calls hang (a connector that does not answer) until <see cref="ReleaseConnectorCalls"/>.</summary>
    public void HoldConnectorCalls() => Interlocked.Exchange(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets the held connector calls (and every later one) through.</summary>
    public void ReleaseConnectorCalls() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    /// <summary>
    /// Waits until the connector has received <paramref name="count"/> activities of <paramref name="type"/> for
    /// <paramref name="conversation"/> (the bot answers after acknowledging, so a reply arrives some time after the POST
    /// returned); returns them in arrival order. Fails after <paramref name="timeout"/> (default 10 s).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedActivity>> WaitForAsync(string conversation, int count = 1, string type = "message", TimeSpan? timeout = null)
    {
        List<ReceivedActivity> Matching() => _received.Where(r => r.Body["conversation"]?["id"]?.GetValue<string>() == conversation && r.Body["type"]?.GetValue<string>() == type).ToList();
        await WaitUntilAsync(() => Matching().Count >= count, timeout,
            () => $"{count} × {type} for {conversation}; got {Matching().Count}. Received: {string.Join(", ", _received.Select(r => $"{r.Body["conversation"]?["id"]}/{r.Body["type"]}"))}");
        return Matching();
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it whenever the stand-in receives a call (and every 50 ms,
    /// for conditions on something else, such as the bot's log).
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, Func<string>? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition()) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("The connector stand-in did not see: " + (what?.Invoke() ?? "the expected calls"));
            try { await changed.WaitAsync(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50)); }
            catch (TimeoutException) { }
        }
    }

    private void Changed() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public static async Task<BotFrameworkStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new BotFrameworkStandIn(app);
        standIn.AddKey("key-1", ["msteams"]);

        app.MapGet("/openid", async (HttpContext context) =>
        {
            Interlocked.Increment(ref standIn._metadataRequests);
            if (standIn.MetadataHang is { } hang)
            {
                try { await hang.Task.WaitAsync(context.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; }
            }
            if (standIn.MetadataFails) return Results.StatusCode(503);
            return Results.Json(new { issuer = "https://api.botframework.com", jwks_uri = new Uri(standIn.BaseUri, "keys").ToString(), id_token_signing_alg_values_supported = new[] { "RS256" } });
        });
        app.MapGet("/tenant/{tenant}/openid", (string tenant) => { Interlocked.Increment(ref standIn._metadataRequests); return Results.Json(new { issuer = $"https://login.microsoftonline.com/{tenant}/v2.0", jwks_uri = new Uri(standIn.BaseUri, "keys").ToString() }); });
        app.MapGet("/keys", () => Results.Content(standIn.Jwks(), "application/json"));
        app.MapPost("/tenant/{tenant}/token", async (string tenant, HttpRequest request) =>
        {
            Interlocked.Increment(ref standIn._tokenRequests);
            var form = await request.ReadFormAsync();
            var ok = form["grant_type"] == "client_credentials" && form["client_id"] == AppId && form["client_secret"] == Secret && form["scope"] == Scope
                     && (tenant == "botframework.com" || tenant == Tenant);
            if (!ok) { Interlocked.Increment(ref standIn._badTokenRequests); return Results.Json(new { error = "invalid_client" }, statusCode: 401); }
            var token = "issued-" + Guid.NewGuid().ToString("N");
            standIn._issuedTokens.Enqueue(token);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = token });
        });
        app.MapPost("/connector/v3/conversations/{**rest}", async (HttpRequest request) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(request.Body))!;
            var auth = request.Headers.Authorization.ToString();
            var received = new ReceivedActivity(request.Path + request.QueryString, auth, body, DateTimeOffset.UtcNow);
            if (Volatile.Read(ref standIn._hold) is { } hold)
            {
                Interlocked.Increment(ref standIn._heldCalls);
                standIn.Changed();
                try { await hold.Task.WaitAsync(request.HttpContext.RequestAborted); }
                catch (OperationCanceledException) { return Results.Empty; } // the bot gave up on this call
                received = received with { At = DateTimeOffset.UtcNow };
            }
            if (Interlocked.Decrement(ref standIn._failNextConnectorCalls) >= 0)
            {
                standIn._throttled.Enqueue(received);
                standIn.Changed();
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }
            // The connector accepts only the token the token endpoint issued.
            if (!standIn._issuedTokens.Any(t => auth == "Bearer " + t))
            {
                standIn._received.Enqueue(received);
                standIn.Changed();
                return Results.StatusCode(401);
            }
            if (received.StreamInfo is { } info)
            {
                var (status, code, id) = standIn.CheckStream(received, info);
                if (status >= 400)
                {
                    standIn._refused.Enqueue(new RefusedActivity(received, status, code!));
                    standIn.Changed();
                    if (status == 429) request.HttpContext.Response.Headers.RetryAfter = "1";
                    return Results.Json(new { error = new { code, message = "refused by the stand-in" } }, statusCode: status);
                }
                standIn._received.Enqueue(received with { ResponseId = id });
                standIn.Changed();
                return Results.Json(new { id }, statusCode: status);
            }
            var replyId = body["type"]?.GetValue<string>() == "typing" ? null : "reply-" + Guid.NewGuid().ToString("N")[..8];
            standIn._received.Enqueue(received with { ResponseId = replyId });
            standIn.Changed();
            return replyId is null ? Results.StatusCode(202) : Results.Json(new { id = replyId }, statusCode: 201);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>Checks a streamed-reply activity against Teams' rules: (status, error code, id to answer with).</summary>
    private (int Status, string? Code, string? Id) CheckStream(ReceivedActivity received, JsonObject info)
    {
        var body = received.Body;
        var conversation = body["conversation"]?["id"]?.GetValue<string>() ?? "";
        var type = body["type"]?.GetValue<string>();
        var streamType = info["streamType"]?.GetValue<string>();
        var streamId = info["streamId"]?.GetValue<string>();
        var sequence = info["streamSequence"]?.GetValue<int>();
        var text = body["text"]?.GetValue<string>() ?? "";
        (int, string?, string?) Broken(string rule)
        {
            _protocolErrors.Enqueue($"{conversation}: {rule}");
            return (400, "BadArgument", null);
        }

        if (body["conversation"]?["conversationType"]?.GetValue<string>() != "personal") return (403, "ContentStreamNotAllowed", null);
        if (_refuse.TryGetValue(conversation, out var refuse) && refuse.StreamType == streamType)
            return (refuse.Status, refuse.Status == 429 ? "Throttled" : "ContentStreamNotAllowed", null);
        lock (_streamLock)
        {
            StreamState? stream = null;
            if (streamId is not null && (!_streams.TryGetValue(streamId, out stream) || stream.Conversation != conversation)) return Broken($"unknown stream id {streamId}");
            if (stream is { Closed: true }) return Broken("an update after the final message");
            switch (streamType)
            {
                case "informative":
                    if (type != "typing") return Broken("an informative update must be a typing activity");
                    if (text.Length is 0 or > 1000) return Broken("an informative update needs 1-1000 characters of text");
                    if (stream is null)
                    {
                        if (sequence != 1) return Broken("a new stream must start with sequence 1");
                        var id = "stream-" + Guid.NewGuid().ToString("N")[..10];
                        _streams[id] = new StreamState(conversation) { LastAt = received.At };
                        return (201, null, id);
                    }
                    if (stream.Drafting) return Broken("an informative update after the draft began");
                    if (sequence is not { } s1 || s1 <= stream.Sequence) return Broken("the sequence must increase");
                    stream.Sequence = s1;
                    stream.LastAt = received.At;
                    return (202, null, streamId);
                case "streaming":
                    if (stream is null) return Broken("a draft update without a stream id");
                    if (type != "typing") return Broken("a draft update must be a typing activity");
                    if (sequence is not { } s2 || s2 <= stream.Sequence) return Broken($"the sequence must increase (got {sequence} after {stream.Sequence})");
                    if (!text.StartsWith(stream.Text, StringComparison.Ordinal) || text.Length == 0) return Broken("a draft update must hold all of the text before it");
                    if (received.At - stream.LastAt < MinStreamInterval)
                    {
                        _protocolErrors.Enqueue($"{conversation}: an update {(received.At - stream.LastAt).TotalMilliseconds:F0} ms after the previous one");
                        return (429, "Throttled", null);
                    }
                    stream.Sequence = s2;
                    stream.Text = text;
                    stream.Drafting = true;
                    stream.LastAt = received.At;
                    return (202, null, streamId);
                case "final":
                    if (stream is null) return Broken("a final message without a stream id");
                    if (type != "message") return Broken("the final message must be a message activity");
                    if (text.Length == 0) return Broken("the final message has no text");
                    stream.Closed = true;
                    return (201, null, streamId);
                default:
                    return Broken($"unknown streamType {streamType}");
            }
        }
    }

    /// <summary>Adds (or replaces) a signing key published in the key set.</summary>
    public void AddKey(string kid, string[]? endorsements) => _keys[kid] = (RSA.Create(2048), endorsements);

    /// <summary>A key the stand-in never publishes.</summary>
    public static SecurityKey UnpublishedKey(string kid) => new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };

    public SecurityKey Key(string kid) => new RsaSecurityKey(_keys[kid].Rsa) { KeyId = kid };

    /// <summary>Signs a token as the Bot Framework channel service would.</summary>
    public string Sign(string serviceUrl, string kid = "key-1", string issuer = "https://api.botframework.com", string audience = AppId,
        DateTime? expires = null, SecurityKey? key = null, bool includeServiceUrl = true)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddHours(-1),
            NotBefore = exp.AddHours(-1),
            Expires = exp,
            Claims = includeServiceUrl ? new Dictionary<string, object> { ["serviceurl"] = serviceUrl } : new Dictionary<string, object>(),
            SigningCredentials = new SigningCredentials(key ?? Key(kid), SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private string Jwks()
    {
        var keys = new JsonArray();
        foreach (var (kid, (rsa, endorsements)) in _keys)
        {
            var p = rsa.ExportParameters(false);
            var key = new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = kid, ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
            if (endorsements is not null) key["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]);
            keys.Add(key);
        }
        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        foreach (var (rsa, _) in _keys.Values) rsa.Dispose();
    }
}
