using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using ReportBot.Infrastructure.Qdrant;

namespace ReportBot.Infrastructure.Resilience;

/// <summary>
/// Resilience pipelines for calls to external services. Build each pipeline once and share it: the circuit breaker's
/// state lives in the pipeline instance.
/// </summary>
public static class ResiliencePipelines
{
    /// <summary>Name of the Qdrant pipeline (also usable as a key in a <see cref="Polly.Registry.ResiliencePipelineRegistry{TKey}"/>).</summary>
    public const string Qdrant = "qdrant";

    /// <summary>Failure ratio over <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public const double BreakerFailureRatio = 0.5;

    /// <summary>Minimum calls in the sampling window before the breaker may open.</summary>
    public const int BreakerMinimumThroughput = 4;

    /// <summary>Sampling window of the circuit breaker.</summary>
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open before one probe call is let through.</summary>
    public static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>Longest delay honoured from a <c>Retry-After</c> header (and the cap of the backoff).</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Builds the Qdrant pipeline, outermost first: retry (exponential jittered backoff, honours <c>Retry-After</c>)
    /// → circuit breaker → per-attempt timeout. Transient: <see cref="HttpRequestException"/>,
    /// <see cref="TimeoutRejectedException"/>, HTTP 429 and 5xx. While the circuit is open calls fail at once with
    /// <see cref="BrokenCircuitException"/> (not retried).
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage> CreateQdrant(QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = Qdrant };
        ConfigureQdrant(builder, options, timeProvider, logger);
        return builder.Build();
    }

    /// <summary>Adds the Qdrant strategies to <paramref name="builder"/> (for use with a registry).</summary>
    public static void ConfigureQdrant(ResiliencePipelineBuilder<HttpResponseMessage> builder, QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        builder.TimeProvider = timeProvider ?? TimeProvider.System;
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(IsTransient);

        if (options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
                MaxDelay = MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, builder.TimeProvider!)),
                OnRetry = args =>
                {
                    logger.LogWarning("Qdrant call failed ({Reason}); retry {Attempt} in {Delay} ms",
                        Describe(args.Outcome), args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = transient,
            FailureRatio = BreakerFailureRatio,
            MinimumThroughput = BreakerMinimumThroughput,
            SamplingDuration = BreakerSamplingDuration,
            BreakDuration = BreakerBreakDuration,
            OnOpened = args =>
            {
                logger.LogWarning("Qdrant circuit opened for {Seconds} s ({Reason})", args.BreakDuration.TotalSeconds, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                logger.LogInformation("Qdrant circuit closed");
                return ValueTask.CompletedTask;
            },
        });

        builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 5));
    }

    /// <summary>HTTP 429, 408 and 5xx are worth retrying.</summary>
    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d)
            return null; // use the exponential backoff
        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxRetryDelay ? MaxRetryDelay : d;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : $"HTTP {(int?)outcome.Result?.StatusCode}";
}
