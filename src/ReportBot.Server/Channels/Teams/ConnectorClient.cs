using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Server.Channels.Teams;

/// <summary>Raised when the bot refuses to call a service URL no authenticated activity brought.</summary>
public sealed class UntrustedServiceUrlException(string message) : Exception(message);

/// <summary>
/// Sends activities to the Bot Framework connector: <c>POST {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]</c>
/// with the bot's Entra token, through a resilience pipeline (retry on 429 / 5xx honouring Retry-After → circuit breaker →
/// per-attempt timeout). Only service URLs in <see cref="TrustedServiceUrls"/> are called. Updates of a streamed reply
/// are sent once, without retries and outside the circuit breaker: a refused or throttled update is dropped (the final
/// message carries the answer), and never counts against the delivery of replies.
/// </summary>
public sealed class ConnectorClient
{
    private readonly IHttpClientFactory _http;
    private readonly EntraTokenProvider _tokens;
    private readonly TrustedServiceUrls _trusted;
    private readonly ILogger<ConnectorClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> _once;

    public ConnectorClient(IHttpClientFactory http, EntraTokenProvider tokens, TrustedServiceUrls trusted, IOptions<TeamsOptions> options, TimeProvider time, ILogger<ConnectorClient> logger)
    {
        _http = http;
        _tokens = tokens;
        _trusted = trusted;
        _logger = logger;
        _pipeline = CreatePipeline(options.Value, time, logger);
        _once = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "teams-connector-once", TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(options.Value.TimeoutSeconds > 0 ? options.Value.TimeoutSeconds : 10))
            .Build();
    }

    /// <summary>
    /// Posts <paramref name="activity"/> to the conversation (as a reply when <paramref name="replyToId"/> is given); returns
    /// the new activity's id when the connector says. Throws <see cref="HttpRequestException"/> (with the status) when the
    /// connector refuses it. With <paramref name="retry"/> false it is one attempt, outside the circuit breaker.
    /// </summary>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, string? replyToId, OutgoingActivity activity, CancellationToken cancellationToken, bool retry = true)
    {
        if (!_trusted.IsAllowed(serviceUrl))
            throw new UntrustedServiceUrlException("The service URL did not arrive in an authenticated activity; it is not called.");
        var url = $"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities"
                  + (string.IsNullOrEmpty(replyToId) ? "" : "/" + Uri.EscapeDataString(replyToId));
        var client = _http.CreateClient(TeamsChannel.ConnectorClient);
        using var response = await (retry ? _pipeline : _once).ExecuteAsync(async ct =>
        {
            // A fresh request (and token) per attempt: a request message cannot be sent twice.
            var token = await _tokens.GetTokenAsync(ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(activity, options: ActivityJson.Options) };
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.SendAsync(request, ct);
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var code = await ErrorCodeAsync(response, cancellationToken);
            if (retry) _logger.LogWarning("The connector answered {Status} to a {Type} activity ({Code})", (int)response.StatusCode, LogValue.Escape(activity.Type), LogValue.Escape(code ?? "no error code"));
            throw new HttpRequestException($"The connector answered {(int)response.StatusCode}{(code is null ? "" : " " + code)}.", null, response.StatusCode);
        }
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(body)) return null;
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The Bot Framework error code of a refusal (<c>{"error": {"code": …}}</c>), when the body has one.</summary>
    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(body)) return null;
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
                   && e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && c.GetString() is { Length: > 0 and <= 100 } code
                ? code
                : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>Retry (429, 408, 5xx, network errors; Retry-After honoured, capped) → circuit breaker → per-attempt timeout.</summary>
    internal static ResiliencePipeline<HttpResponseMessage> CreatePipeline(TeamsOptions options, TimeProvider time, ILogger logger) =>
        HttpResilience.Build(new HttpResilienceSettings
        {
            Name = "teams-connector",
            CallLabel = "Connector call",
            RetryCount = options.RetryCount,
            RetryBaseDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(30),
            Breaker = new HttpBreakerSettings { SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(10) },
            AttemptTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 10),
        }, time, logger);
}
