using Microsoft.Extensions.Logging;
using Polly;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>
/// The Polly pipeline of a model server, outermost first: retry (429, 408, 5xx, network errors and timeouts; exponential
/// jittered backoff, or the server's Retry-After) → circuit breaker (opens when half the calls of a window fail; while open,
/// calls fail at once and the answer falls back to the model-free text) → per-attempt timeout sized for generation.
/// </summary>
public static class ModelResilience
{
    /// <summary>Longest Retry-After honoured; a longer wait is not worth holding an answer for.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(20);

    /// <summary>Builds the pipeline for one model endpoint (build once per endpoint: the breaker's state lives in it).</summary>
    public static ResiliencePipeline<HttpResponseMessage> Create(string name, ModelEndpointOptions options, TimeProvider? timeProvider = null, ILogger? logger = null) =>
        HttpResilience.Build(new HttpResilienceSettings
        {
            Name = name,
            CallLabel = $"Model call to {name}",
            RetryCount = options.RetryCount,
            RetryBaseDelay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
            MaxRetryDelay = MaxRetryAfter,
            Breaker = new HttpBreakerSettings
            {
                FailureRatio = ResiliencePipelines.BreakerFailureRatio,
                MinimumThroughput = ResiliencePipelines.BreakerMinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, options.TimeoutSeconds * 2)),
                BreakDuration = TimeSpan.FromSeconds(30),
                LogLabel = $"Model circuit {name}",
                OpenedNote = "; answers are model-free meanwhile",
            },
            AttemptTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        }, timeProvider, logger);
}

/// <summary>
/// Sends each request to the model server through the Polly pipeline, and sets the credential header: the API key as a
/// bearer token (and as <c>api-key</c> for Azure), or no Authorization header at all when no key is configured.
/// </summary>
internal sealed class ModelHttpHandler(ResiliencePipeline<HttpResponseMessage> pipeline, string? apiKey, bool azure) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = apiKey is { Length: > 0 } ? new("Bearer", apiKey) : null;
        if (azure && apiKey is { Length: > 0 }) request.Headers.TryAddWithoutValidation("api-key", apiKey);
        // The body is sent again on a retry: buffer it once.
        if (request.Content is not null) await request.Content.LoadIntoBufferAsync(cancellationToken);
        return await pipeline.ExecuteAsync(async token => await base.SendAsync(request, token), cancellationToken);
    }
}
