using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// The few Slack Web API calls the bot makes (<c>chat.postMessage</c>) and posts to a slash command's
/// <c>response_url</c>, through one Polly pipeline: HTTP 429 waits as long as <c>Retry-After</c> says, 5xx and network
/// errors back off and retry, each attempt has a timeout. A response with <c>ok: false</c> is logged with Slack's error
/// code and not retried (retrying <c>channel_not_found</c> or <c>not_authed</c> cannot succeed).
/// </summary>
public sealed class SlackWebApi
{
    /// <summary>Longest <c>Retry-After</c> honoured (a longer wait would hold a worker for too long).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<SlackWebApi> _logger;
    private readonly Uri _baseUrl;

    public SlackWebApi(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackWebApi> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
        var b = _options.ApiBaseUrl;
        _baseUrl = new Uri(b.EndsWith('/') ? b : b + "/", UriKind.Absolute);
        _pipeline = CreatePipeline(_options, time, logger);
    }

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

    private async Task<HttpResponseMessage> SendAsync(Uri url, string json, string? bearer, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct =>
        {
            // A fresh request per attempt: a request message cannot be sent twice.
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return await _http.SendAsync(request, ct);
        }, cancellationToken);

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

    /// <summary>Retry (429 honours <c>Retry-After</c>; 5xx and network errors back off) around a per-attempt timeout.</summary>
    internal static ResiliencePipeline<HttpResponseMessage> CreatePipeline(SlackOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "slack", TimeProvider = time };
        if (options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int?)args.Outcome.Result?.StatusCode}";
                    logger.LogWarning("Slack call failed ({Reason}); retry {Attempt} in {Delay} ms", reason, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 10));
        return builder.Build();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        if (response?.StatusCode != HttpStatusCode.TooManyRequests) return null;
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d) return null;
        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryDelay ? MaxRetryDelay : d;
    }
}
