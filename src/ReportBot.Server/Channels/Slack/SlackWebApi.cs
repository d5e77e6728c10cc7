using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Server.Channels.Slack;

/// <summary>What Slack answered to one Web API call.</summary>
/// <param name="Ok">True when Slack said <c>ok: true</c>.</param>
/// <param name="Error">Slack's error code (or <c>http_{status}</c>) when it did not.</param>
/// <param name="Ts">The message's <c>ts</c>, when the answer has one.</param>
/// <param name="RetryAfter">How long Slack asked to wait (HTTP 429).</param>
public sealed record SlackCallResult(bool Ok, string? Error, string? Ts, TimeSpan? RetryAfter);

/// <summary>
/// The few Slack Web API calls the bot makes (<c>chat.postMessage</c>, <c>chat.update</c>, the streaming calls
/// <c>chat.startStream</c> / <c>chat.appendStream</c> / <c>chat.stopStream</c>) and posts to a slash command's
/// <c>response_url</c>, through the named HttpClient <see cref="Client"/> whose Microsoft.Extensions.Http.Resilience
/// handler retries: HTTP 429 waits as long as <c>Retry-After</c> says (capped at 30 s), 5xx and network errors back off
/// and retry, each attempt has a timeout. A response with <c>ok: false</c> is logged with Slack's error
/// code and not retried (retrying <c>channel_not_found</c> or <c>not_authed</c> cannot succeed). Starting and appending
/// to a stream are single attempts: the draft waits or stops instead (<see cref="DraftRelay"/>), never the answer.
/// </summary>
public sealed class SlackWebApi
{
    /// <summary>Longest <c>Retry-After</c> honoured (a longer wait would hold a worker for too long).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Named HttpClient of the Web API calls (retry, attempt timeout).</summary>
    public const string Client = "slack";

    /// <summary>Named HttpClient of single-attempt calls (starting and appending to a stream): an attempt timeout only.</summary>
    public const string OnceClient = "slack-once";

    private readonly HttpClient _http;
    private readonly HttpClient _httpOnce;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackWebApi> _logger;
    private readonly Uri _baseUrl;

    public SlackWebApi(IHttpClientFactory http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackWebApi> logger)
    {
        _http = http.CreateClient(Client);
        _httpOnce = http.CreateClient(OnceClient);
        _options = options.Value;
        _logger = logger;
        var b = _options.ApiBaseUrl;
        _baseUrl = new Uri(b.EndsWith('/') ? b : b + "/", UriKind.Absolute);
        _time = time;
    }

    /// <summary>The clock the calls (and the streamed drafts) use.</summary>
    public TimeProvider Time => _time;

    /// <summary>
    /// <c>chat.startStream</c>: opens a streamed reply in the thread <paramref name="threadTs"/> with its first
    /// <paramref name="markdown"/>; its <see cref="SlackCallResult.Ts"/> names the stream. Outside a direct message Slack
    /// needs the asker (<paramref name="recipientUserId"/>, <paramref name="recipientTeamId"/>). One attempt.
    /// </summary>
    public Task<SlackCallResult> StartStreamAsync(string channel, string threadTs, string? recipientTeamId, string? recipientUserId, string markdown, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["thread_ts"] = threadTs, ["markdown_text"] = markdown };
        if (recipientUserId is not null) body["recipient_user_id"] = recipientUserId;
        if (recipientTeamId is not null) body["recipient_team_id"] = recipientTeamId;
        return CallAsync("chat.startStream", body, retry: false, cancellationToken);
    }

    /// <summary><c>chat.appendStream</c>: adds <paramref name="markdown"/> to the stream <paramref name="ts"/>. One attempt.</summary>
    public Task<SlackCallResult> AppendStreamAsync(string channel, string ts, string markdown, CancellationToken cancellationToken) =>
        CallAsync("chat.appendStream", new JsonObject { ["channel"] = channel, ["ts"] = ts, ["markdown_text"] = markdown }, retry: false, cancellationToken);

    /// <summary><c>chat.stopStream</c>: ends the stream <paramref name="ts"/> (its message stays).</summary>
    public Task<SlackCallResult> StopStreamAsync(string channel, string ts, CancellationToken cancellationToken) =>
        CallAsync("chat.stopStream", new JsonObject { ["channel"] = channel, ["ts"] = ts }, retry: true, cancellationToken);

    /// <summary><c>chat.update</c>: replaces the text and blocks of the bot's message <paramref name="ts"/> with <paramref name="message"/>.</summary>
    public Task<SlackCallResult> UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken cancellationToken) =>
        CallAsync("chat.update", new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = message.Text, ["blocks"] = message.Blocks.DeepClone() }, retry: true, cancellationToken);

    /// <summary>Posts <paramref name="message"/> to <paramref name="channel"/>, in the thread <paramref name="threadTs"/>; true when Slack says ok.</summary>
    public async Task<bool> PostMessageAsync(string channel, string? threadTs, SlackMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.BotToken))
        {
            _logger.LogError("Cannot post to Slack channel {Channel}: ReportBot:Slack:BotToken is not set", channel);
            return false;
        }
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["text"] = message.Text,
            ["blocks"] = message.Blocks.DeepClone(),
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
        if (threadTs is not null) body["thread_ts"] = threadTs;
        var json = body.ToJsonString();
        using var response = await SendAsync(new Uri(_baseUrl, "chat.postMessage"), json, _options.BotToken, cancellationToken);
        return await CheckAsync("chat.postMessage", response, cancellationToken);
    }

    /// <summary>Posts <paramref name="message"/> to a slash command's <c>response_url</c> (no token: the URL is the credential).</summary>
    public async Task<bool> PostToResponseUrlAsync(Uri responseUrl, SlackMessage message, bool inChannel, CancellationToken cancellationToken)
    {
        var json = new JsonObject
        {
            ["response_type"] = inChannel ? "in_channel" : "ephemeral",
            ["text"] = message.Text,
            ["blocks"] = message.Blocks.DeepClone(),
        }.ToJsonString();
        using var response = await SendAsync(responseUrl, json, bearer: null, cancellationToken);
        return await CheckAsync("response_url", response, cancellationToken);
    }

    /// <summary>One Web API method with the bot token; never throws for what Slack answers (only for cancellation).</summary>
    private async Task<SlackCallResult> CallAsync(string method, JsonObject body, bool retry, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.BotToken)) return new SlackCallResult(false, "no_bot_token", null, null);
        try
        {
            using var response = await SendAsync(new Uri(_baseUrl, method), body.ToJsonString(), _options.BotToken, cancellationToken, retry ? _http : _httpOnce);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("Slack {Call} failed: HTTP {Status}", method, (int)response.StatusCode);
                return new SlackCallResult(false, $"http_{(int)response.StatusCode}", null, RetryAfter(response, _time));
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            string? Str(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
            {
                var error = Str("error") ?? "unknown";
                _logger.LogWarning("Slack {Call} returned ok: false, error {Error}", method, error);
                return new SlackCallResult(false, error, null, null);
            }
            return new SlackCallResult(true, null, Str("ts"), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or TaskCanceledException or JsonException)
        {
            _logger.LogWarning("Slack {Call} failed: {Error}", method, e.GetType().Name);
            return new SlackCallResult(false, e.GetType().Name, null, null);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string json, string? bearer, CancellationToken cancellationToken, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await (client ?? _http).SendAsync(request, cancellationToken);
    }

    private async Task<bool> CheckAsync(string call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            _logger.LogWarning("Slack {Call} failed: HTTP {Status}", call, (int)response.StatusCode);
            return false;
        }
        // chat.postMessage answers {"ok": …, "error": …}; a response_url answers "ok" or the same JSON.
        if (!text.TrimStart().StartsWith('{')) return true;
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
            {
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : "unknown";
                _logger.LogWarning("Slack {Call} returned ok: false, error {Error}", call, error);
                return false;
            }
            if (root.TryGetProperty("warning", out var w)) _logger.LogInformation("Slack {Call} warning: {Warning}", call, w.GetString());
            return true;
        }
        catch (JsonException)
        {
            _logger.LogWarning("Slack {Call} returned a body that is not JSON", call);
            return false;
        }
    }

    /// <summary>Registers the two named HttpClients with their Microsoft.Extensions.Http.Resilience handlers.</summary>
    public static void AddHttpClients(IServiceCollection services)
    {
        static SlackOptions Options(ResilienceHandlerContext c) => c.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        services.AddHttpClient(Client, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(Client, (pipeline, context) => HttpResilience.Configure(pipeline, Limits(Options(context)),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<SlackWebApi>()));
        services.AddHttpClient(OnceClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(OnceClient, (pipeline, context) => pipeline.AddTimeout(AttemptTimeout(Options(context))));
    }

    /// <summary>Retry (429 honours <c>Retry-After</c>, capped; 5xx and network errors back off) around a per-attempt timeout; no breaker.</summary>
    internal static HttpResilienceLimits Limits(SlackOptions options) => new()
    {
        CallLabel = "Slack call",
        RetryCount = options.RetryCount,
        RetryBaseDelay = TimeSpan.FromMilliseconds(500),
        MaxRetryDelay = MaxRetryDelay,
        IsTransient = r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500,
        HonoursRetryAfter = HttpResilience.IsThrottled,
        AttemptTimeout = AttemptTimeout(options),
    };

    private static TimeSpan AttemptTimeout(SlackOptions options) => TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 10);

    /// <summary>How long Slack asked to wait (a 429's <c>Retry-After</c>, a delta or a date), capped at <see cref="MaxRetryDelay"/>.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (!HttpResilience.IsThrottled(response) || response.Headers.RetryAfter is not { } header) return null;
        var delay = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        return delay is not { } d ? null : d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryDelay ? MaxRetryDelay : d;
    }
}
