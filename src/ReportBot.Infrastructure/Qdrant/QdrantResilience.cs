using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace ReportBot.Infrastructure.Qdrant;

/// <summary>
/// The Polly pipeline around every Qdrant.Client call, outermost first: retry (exponential jittered backoff) → circuit
/// breaker. Each attempt is bounded by the gRPC deadline the client sets on every call (<see cref="QdrantOptions.TimeoutSeconds"/>).
/// Transient: the gRPC statuses a server that is down, restarting, overloaded or too slow gives
/// (<see cref="IsTransient"/>). While the circuit is open calls fail at once with <see cref="BrokenCircuitException"/>
/// (not retried). Build it once and share it: the breaker's state lives in the pipeline.
/// </summary>
public static class QdrantResilience
{
    /// <summary>Name of the pipeline.</summary>
    public const string Name = "qdrant";

    /// <summary>Failure ratio over <see cref="BreakerSamplingDuration"/> that opens the circuit.</summary>
    public const double BreakerFailureRatio = 0.5;

    /// <summary>Minimum calls in the sampling window before the breaker may open.</summary>
    public const int BreakerMinimumThroughput = 4;

    /// <summary>Sampling window of the circuit breaker.</summary>
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open before one probe call is let through.</summary>
    public static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>Cap of the retry backoff.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// gRPC statuses worth retrying: unavailable (refused, reset, HTTP 502/503/504), deadline exceeded, resource
    /// exhausted (HTTP 429), aborted, internal (HTTP 500) and unknown (a broken HTTP/2 stream); and the server's own end of
    /// the call's deadline, which Qdrant's gRPC server (tonic) reports as cancelled with "Timeout expired".
    /// </summary>
    public static bool IsTransient(RpcException exception) =>
        exception?.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
            or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown
        || exception is { StatusCode: StatusCode.Cancelled, Status.Detail: ServerTimeoutDetail };

    /// <summary>The detail of the status Qdrant's gRPC server (tonic) returns when the call's deadline ends on its side.</summary>
    public const string ServerTimeoutDetail = "Timeout expired";

    /// <summary>Builds the pipeline from <paramref name="options"/> (retry count and base delay).</summary>
    public static ResiliencePipeline Create(QdrantOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var log = logger ?? NullLogger.Instance;
        var transient = new PredicateBuilder().Handle<RpcException>(IsTransient);
        var builder = new ResiliencePipelineBuilder { Name = Name, TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.RetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
                MaxDelay = MaxRetryDelay,
                OnRetry = args =>
                {
                    log.LogWarning("Qdrant call failed ({Reason}); retry {Attempt} in {Delay} ms",
                        Describe(args.Outcome.Exception), args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = transient,
            FailureRatio = BreakerFailureRatio,
            MinimumThroughput = BreakerMinimumThroughput,
            SamplingDuration = BreakerSamplingDuration,
            BreakDuration = BreakerBreakDuration,
            OnOpened = args =>
            {
                log.LogWarning("Qdrant circuit opened for {Seconds} s ({Reason})", args.BreakDuration.TotalSeconds, Describe(args.Outcome.Exception));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                log.LogInformation("Qdrant circuit closed");
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }

    /// <summary>A failure for a log line: the gRPC status and its detail (Qdrant's messages hold no secrets).</summary>
    internal static string Describe(Exception? exception) => exception switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}",
        null => "no exception",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
