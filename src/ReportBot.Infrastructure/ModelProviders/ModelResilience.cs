using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>
/// The limits of a model server's named HttpClient (its Microsoft.Extensions.Http.Resilience handler), outermost first:
/// retry (429, 408, 5xx, network errors and timeouts; exponential jittered backoff, or the server's Retry-After up to
/// 20 s) → circuit breaker (opens when half the calls of a window fail; while open, calls fail at once and the answer
/// falls back to the model-free text) → per-attempt timeout sized for generation.
/// </summary>
public static class ModelResilience
{
    /// <summary>Longest Retry-After honoured; a longer wait is not worth holding an answer for.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(20);

    /// <summary>The limits for the model endpoint <paramref name="name"/> ("chat" or "embeddings").</summary>
    public static HttpResilienceLimits Limits(string name, ModelEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new()
        {
            CallLabel = $"Model call to {name}",
            RetryCount = options.RetryCount,
            RetryBaseDelay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
            MaxRetryDelay = MaxRetryAfter,
            Breaker = new HttpBreakerLimits
            {
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, options.TimeoutSeconds * 2)),
                BreakDuration = TimeSpan.FromSeconds(30),
                LogLabel = $"Model circuit {name}",
                OpenedNote = "; answers are model-free meanwhile",
            },
            AttemptTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
    }
}

/// <summary>
/// Sets the credential header on each attempt: the API key as a bearer token (and as <c>api-key</c> for Azure), or no
/// Authorization header at all when no key is configured; buffers the body once so a retry can send it again.
/// </summary>
internal sealed class ModelCredentialHandler(string? apiKey, bool azure) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = apiKey is { Length: > 0 } ? new("Bearer", apiKey) : null;
        request.Headers.Remove("api-key");
        if (azure && apiKey is { Length: > 0 }) request.Headers.TryAddWithoutValidation("api-key", apiKey);
        if (request.Content is not null) await request.Content.LoadIntoBufferAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
