using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ReportBot.Infrastructure.Resilience;

/// <summary>
/// What one caller of <see cref="HttpResilience"/> supplies: names, retry budget, delays, breaker and timeout. The
/// strategies themselves (which outcomes are transient, the Retry-After-aware delay, the composition and the logging)
/// are <see cref="HttpResilience"/>'s.
/// </summary>
public sealed record HttpResilienceSettings
{
    /// <summary>Name of the pipeline (set by <see cref="HttpResilience.Build"/>; a registry names its own).</summary>
    public required string Name { get; init; }

    /// <summary>How a retry log line names the call, e.g. <c>Qdrant call</c> ("{Call} failed (…); retry …").</summary>
    public required string CallLabel { get; init; }

    /// <summary>Retries after the first attempt; 0 adds no retry strategy.</summary>
    public int RetryCount { get; init; }

    /// <summary>First delay of the exponential jittered backoff.</summary>
    public TimeSpan RetryBaseDelay { get; init; }

    /// <summary>Cap of the backoff and of a <c>Retry-After</c> wait.</summary>
    public required TimeSpan MaxRetryDelay { get; init; }

    /// <summary>Which responses are retried (and count as breaker failures); network errors and timeouts always are.</summary>
    public Func<HttpResponseMessage, bool> IsTransient { get; init; } = HttpResilience.IsTransient;

    /// <summary>Which responses' <c>Retry-After</c> is honoured; null: any response's.</summary>
    public Func<HttpResponseMessage, bool>? HonoursRetryAfter { get; init; }

    /// <summary>Whether a retry log line carries the exception's message (not only its type); only for calls whose messages hold no secrets.</summary>
    public bool LogExceptionMessage { get; init; }

    /// <summary>The circuit breaker between retry and timeout; null: none.</summary>
    public HttpBreakerSettings? Breaker { get; init; }

    /// <summary>Timeout of each attempt.</summary>
    public required TimeSpan AttemptTimeout { get; init; }
}

/// <summary>Settings of the circuit breaker of an <see cref="HttpResilienceSettings"/> pipeline.</summary>
public sealed record HttpBreakerSettings
{
    /// <summary>Failure ratio over <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Minimum calls in the sampling window before the breaker may open.</summary>
    public int MinimumThroughput { get; init; } = 4;

    /// <summary>Sampling window of the breaker.</summary>
    public required TimeSpan SamplingDuration { get; init; }

    /// <summary>How long the circuit stays open before one probe call is let through.</summary>
    public required TimeSpan BreakDuration { get; init; }

    /// <summary>How the open/closed log lines name the circuit, e.g. <c>Qdrant circuit</c>; null: the breaker logs nothing.</summary>
    public string? LogLabel { get; init; }

    /// <summary>Appended to the "opened" log line (what callers get meanwhile), e.g. <c>; answers are model-free meanwhile</c>.</summary>
    public string OpenedNote { get; init; } = "";
}

/// <summary>
/// The one builder of the HTTP resilience pipelines (Qdrant, model servers, the Bot connector, the Slack Web API),
/// outermost first: retry (exponential jittered backoff, or the server's <c>Retry-After</c>, capped) → circuit breaker
/// (optional) → per-attempt timeout. Transient: <see cref="HttpRequestException"/>, <see cref="TimeoutRejectedException"/>
/// and the responses <see cref="HttpResilienceSettings.IsTransient"/> picks. While a circuit is open calls fail at once
/// with <see cref="BrokenCircuitException"/> (not retried). Build each pipeline once: the breaker's state lives in it.
/// </summary>
public static class HttpResilience
{
    /// <summary>HTTP 429, 408 and 5xx are worth retrying.</summary>
    public static bool IsTransient(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500;

    /// <summary>Builds a pipeline named <see cref="HttpResilienceSettings.Name"/> from <paramref name="settings"/>.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Build(HttpResilienceSettings settings, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = settings.Name };
        Configure(builder, settings, timeProvider, logger);
        return builder.Build();
    }

    /// <summary>Adds the strategies of <paramref name="settings"/> to <paramref name="builder"/> (for use with a registry).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpResilienceSettings settings, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        var log = logger ?? NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        builder.TimeProvider = time;
        var transient = new PredicateBuilder<HttpResponseMessage>()
            .Handle<HttpRequestException>()
            .Handle<TimeoutRejectedException>()
            .HandleResult(settings.IsTransient);

        if (settings.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = settings.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { } r && (settings.HonoursRetryAfter?.Invoke(r) ?? true) ? RetryAfter(r, time, settings.MaxRetryDelay) : null),
                OnRetry = args =>
                {
                    log.LogWarning("{Call} failed ({Reason}); retry {Attempt} in {Delay} ms",
                        settings.CallLabel, Describe(args.Outcome, settings.LogExceptionMessage), args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (settings.Breaker is { } breaker)
        {
            var options = new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
            };
            if (breaker.LogLabel is { } circuit)
            {
                options.OnOpened = args =>
                {
                    log.LogWarning("{Circuit} opened for {Seconds} s ({Reason}){Note}",
                        circuit, args.BreakDuration.TotalSeconds, Describe(args.Outcome, settings.LogExceptionMessage), breaker.OpenedNote);
                    return ValueTask.CompletedTask;
                };
                options.OnClosed = _ =>
                {
                    log.LogInformation("{Circuit} closed", circuit);
                    return ValueTask.CompletedTask;
                };
            }
            builder.AddCircuitBreaker(options);
        }

        builder.AddTimeout(settings.AttemptTimeout);
    }

    /// <summary>
    /// How long <paramref name="response"/>'s <c>Retry-After</c> (a delta or a date) asks to wait, clamped to
    /// [0, <paramref name="max"/>]; null when it has none (the caller's backoff applies).
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } d) return null;
        return d < TimeSpan.Zero ? TimeSpan.Zero : d > max ? max : d;
    }

    /// <summary>An outcome for a log line: the exception's type (and message when asked), or the HTTP status; never headers or bodies.</summary>
    private static string Describe(Outcome<HttpResponseMessage> outcome, bool withMessage) =>
        outcome.Exception is { } ex ? (withMessage ? $"{ex.GetType().Name}: {ex.Message}" : ex.GetType().Name) : $"HTTP {(int?)outcome.Result?.StatusCode}";
}
