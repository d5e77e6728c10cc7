using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
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
    public static ResiliencePipeline<HttpResponseMessage> CreateQdrant(QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null) =>
        HttpResilience.Build(QdrantSettings(options), timeProvider, logger);

    /// <summary>Adds the Qdrant strategies to <paramref name="builder"/> (for use with a registry).</summary>
    public static void ConfigureQdrant(ResiliencePipelineBuilder<HttpResponseMessage> builder, QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null) =>
        HttpResilience.Configure(builder, QdrantSettings(options), timeProvider, logger);

    /// <summary>The Qdrant pipeline's settings for <see cref="HttpResilience"/>.</summary>
    public static HttpResilienceSettings QdrantSettings(QdrantOptions options) => new()
    {
        Name = Qdrant,
        CallLabel = "Qdrant call",
        RetryCount = options.RetryCount,
        RetryBaseDelay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
        MaxRetryDelay = MaxRetryDelay,
        LogExceptionMessage = true,
        Breaker = new HttpBreakerSettings
        {
            FailureRatio = BreakerFailureRatio,
            MinimumThroughput = BreakerMinimumThroughput,
            SamplingDuration = BreakerSamplingDuration,
            BreakDuration = BreakerBreakDuration,
            LogLabel = "Qdrant circuit",
        },
        AttemptTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds > 0 ? options.TimeoutSeconds : 5),
    };
}
