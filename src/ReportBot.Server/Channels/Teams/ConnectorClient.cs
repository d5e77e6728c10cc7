using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Server.Channels.Teams;

/// <summary>Raised when the bot refuses to call a service URL no authenticated activity brought.</summary>
public sealed class UntrustedServiceUrlException(string message) : Exception(message);

/// <summary>
/// Sends activities to the Bot Framework connector: <c>POST {serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]</c>
/// with the bot's Entra token (set on every attempt by <see cref="ConnectorAuthHandler"/>), through the named HttpClient
/// <see cref="TeamsChannel.ConnectorClient"/>, whose Microsoft.Extensions.Http.Resilience handler retries 429 / 5xx
/// honouring Retry-After → circuit breaker → per-attempt timeout, with one pipeline (so one circuit breaker) per service
/// host: a failing service URL cannot make a healthy conversation's replies give up. Only service URLs in
/// <see cref="TrustedServiceUrls"/> are called. Updates of a streamed reply go through <see cref="TeamsChannel.ConnectorOnceClient"/>:
/// once, without retries and outside the circuit breaker; a refused or throttled update is dropped (the final message
/// carries the answer), and never counts against the delivery of replies.
/// </summary>
public sealed class ConnectorClient(IHttpClientFactory http, TrustedServiceUrls trusted, ILogger<ConnectorClient> logger)
{
    /// <summary>
    /// Posts <paramref name="activity"/> to the conversation (as a reply when <paramref name="replyToId"/> is given); returns
    /// the new activity's id when the connector says. Throws <see cref="HttpRequestException"/> (with the status) when the
    /// connector refuses it. With <paramref name="retry"/> false it is one attempt, outside the circuit breaker.
    /// </summary>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, string? replyToId, OutgoingActivity activity, CancellationToken cancellationToken, bool retry = true)
    {
        if (!trusted.IsAllowed(serviceUrl))
            throw new UntrustedServiceUrlException("The service URL did not arrive in an authenticated activity; it is not called.");
        var url = $"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities"
                  + (string.IsNullOrEmpty(replyToId) ? "" : "/" + Uri.EscapeDataString(replyToId));
        var client = http.CreateClient(retry ? TeamsChannel.ConnectorClient : TeamsChannel.ConnectorOnceClient);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(activity, options: ActivityJson.Options) };
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var code = await ErrorCodeAsync(response, cancellationToken);
            if (retry) logger.LogWarning("The connector answered {Status} to a {Type} activity ({Code})", (int)response.StatusCode, LogValue.Escape(activity.Type), LogValue.Escape(code ?? "no error code"));
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

    /// <summary>The connector's limits: retry (429, 408, 5xx, network errors; Retry-After honoured, capped at 30 s) → circuit breaker → per-attempt timeout.</summary>
    internal static HttpResilienceLimits Limits(TeamsOptions options) => new()
    {
        CallLabel = "Connector call",
        RetryCount = options.RetryCount,
        RetryBaseDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(30),
        Breaker = new HttpBreakerLimits { SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromSeconds(10), LogLabel = "Connector circuit" },
        AttemptTimeout = AttemptTimeout(options),
    };

    /// <summary>Timeout of one connector attempt.</summary>
    internal static TimeSpan AttemptTimeout(TeamsOptions options) => TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 10);
}

/// <summary>Sets the bot's Entra token on each attempt of a connector call (a retry after a long Retry-After gets a fresh one).</summary>
internal sealed class ConnectorAuthHandler(EntraTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
