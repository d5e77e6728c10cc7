using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Timeout;

namespace ReportBot.Infrastructure.Resilience;

/// <summary>
/// The limits one outside HTTP service gets (Slack, the Bot connector, a model server): retries, backoff, the cap of a
/// <c>Retry-After</c> wait, the per-attempt timeout, and an optional circuit breaker. The strategies themselves are
/// Microsoft.Extensions.Http.Resilience's (<see cref="HttpRetryStrategyOptions"/>, which honours <c>Retry-After</c>;
/// <see cref="HttpCircuitBreakerStrategyOptions"/>; <see cref="HttpTimeoutStrategyOptions"/>), added by
/// <see cref="HttpResilience.Configure"/> inside an <c>AddResilienceHandler</c> of the service's named HttpClient.
/// </summary>
public sealed record HttpResilienceLimits
{
    /// <summary>How a retry log line names the call, e.g. <c>Slack call</c> ("{Call} failed (…); retry …").</summary>
    public required string CallLabel { get; init; }

    /// <summary>Retries after the first attempt; 0 adds no retry strategy.</summary>
    public int RetryCount { get; init; }

    /// <summary>First delay of the exponential jittered backoff.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the backoff and of a <c>Retry-After</c> wait (a longer ask waits this long).</summary>
    public required TimeSpan MaxRetryDelay { get; init; }

    /// <summary>Which responses are retried (and count as breaker failures); null: the library's (408, 429, 5xx). Network errors and timeouts always are.</summary>
    public Func<HttpResponseMessage, bool>? IsTransient { get; init; }

    /// <summary>Which responses' <c>Retry-After</c> is honoured; null: any response's.</summary>
    public Func<HttpResponseMessage, bool>? HonoursRetryAfter { get; init; }

    /// <summary>The circuit breaker between retry and timeout; null: none.</summary>
    public HttpBreakerLimits? Breaker { get; init; }

    /// <summary>Timeout of each attempt.</summary>
    public required TimeSpan AttemptTimeout { get; init; }
}

/// <summary>The circuit breaker of an <see cref="HttpResilienceLimits"/>.</summary>
public sealed record HttpBreakerLimits
{
    /// <summary>Failure ratio over <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>Minimum calls in the sampling window before the breaker may open.</summary>
    public int MinimumThroughput { get; init; } = 4;

    /// <summary>Sampling window of the breaker.</summary>
    public required TimeSpan SamplingDuration { get; init; }

    /// <summary>How long the circuit stays open before one probe call is let through.</summary>
    public required TimeSpan BreakDuration { get; init; }

    /// <summary>How the open/closed log lines name the circuit; null: the breaker logs nothing.</summary>
    public string? LogLabel { get; init; }

    /// <summary>Appended to the "opened" log line, e.g. <c>; answers are model-free meanwhile</c>.</summary>
    public string OpenedNote { get; init; } = "";
}

/// <summary>Adds Microsoft.Extensions.Http.Resilience's retry → circuit breaker → attempt timeout for an <see cref="HttpResilienceLimits"/>.</summary>
public static class HttpResilience
{
    /// <summary>
    /// Adds, outermost first: retry (exponential jittered backoff, or the server's <c>Retry-After</c> capped at
    /// <see cref="HttpResilienceLimits.MaxRetryDelay"/>) → circuit breaker (optional) → per-attempt timeout. Log lines name
    /// the call and the outcome's exception type or status, never URLs, headers or bodies.
    /// </summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, HttpResilienceLimits limits, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(limits);
        var log = logger ?? NullLogger.Instance;
        Func<Outcome<HttpResponseMessage>, bool> transient = limits.IsTransient is { } isTransient
            ? o => o.Exception is HttpRequestException or TimeoutRejectedException || (o.Result is { } r && isTransient(r))
            : o => HttpClientResiliencePredicates.IsTransient(o);

        if (limits.RetryCount > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(transient(args.Outcome)),
                MaxRetryAttempts = limits.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = limits.RetryBaseDelay,
                MaxDelay = limits.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                OnRetry = args =>
                {
                    log.LogWarning("{Call} failed ({Reason}); retry {Attempt} in {Delay} ms",
                        limits.CallLabel, Describe(args.Outcome), args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            };
            // The library reads Retry-After (a delta or a date); here it is honoured only for the chosen responses, and capped.
            var retryAfter = retry.DelayGenerator!;
            retry.DelayGenerator = async args =>
            {
                if (args.Outcome.Result is not { } r || !(limits.HonoursRetryAfter?.Invoke(r) ?? true)) return null;
                return await retryAfter(args) is { } d ? (d < TimeSpan.Zero ? TimeSpan.Zero : d > limits.MaxRetryDelay ? limits.MaxRetryDelay : d) : null;
            };
            builder.AddRetry(retry);
        }

        if (limits.Breaker is { } breaker)
        {
            builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(transient(args.Outcome)),
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                OnOpened = args =>
                {
                    if (breaker.LogLabel is { } circuit)
                        log.LogWarning("{Circuit} opened for {Seconds} s ({Reason}){Note}", circuit, args.BreakDuration.TotalSeconds, Describe(args.Outcome), breaker.OpenedNote);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    if (breaker.LogLabel is { } circuit) log.LogInformation("{Circuit} closed", circuit);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = limits.AttemptTimeout });
    }

    /// <summary>An outcome for a log line: the exception's type, or the HTTP status; never messages (they may carry URLs with secrets), headers or bodies.</summary>
    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int?)outcome.Result?.StatusCode}";

    /// <summary>True for HTTP 429.</summary>
    public static bool IsThrottled(HttpResponseMessage response) => response?.StatusCode == HttpStatusCode.TooManyRequests;
}
