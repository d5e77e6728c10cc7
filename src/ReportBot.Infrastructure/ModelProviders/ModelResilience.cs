using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
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
    public static ResiliencePipeline<HttpResponseMessage> Create(string name, ModelEndpointOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = name, TimeProvider = timeProvider ?? TimeProvider.System };
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(ResiliencePipelines.IsTransient);
        if (options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
                MaxDelay = MaxRetryAfter,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, builder.TimeProvider!)),
                OnRetry = args =>
                {
                    logger.LogWarning("Model call to {Pipeline} failed ({Reason}); retry {Attempt} in {Delay} ms",
                        name, Describe(args.Outcome), args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = transient,
            FailureRatio = ResiliencePipelines.BreakerFailureRatio,
            MinimumThroughput = ResiliencePipelines.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, options.TimeoutSeconds * 2)),
            BreakDuration = TimeSpan.FromSeconds(30),
            OnOpened = args =>
            {
                logger.LogWarning("Model circuit {Pipeline} opened for {Seconds} s ({Reason}); answers are model-free meanwhile", name, args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("Model circuit {Pipeline} closed", name);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
        return builder.Build();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d) return null; // the exponential backoff
        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryAfter ? MaxRetryAfter : d;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int?)outcome.Result?.StatusCode}";
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
