using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly;
using ReportBot.Infrastructure.Resilience;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// The limits given to Microsoft.Extensions.Http.Resilience's strategies (model servers, Bot connector, Slack): Retry-After
/// honoured (a delta or a date), capped, only for the chosen responses; client errors not retried; logs without secrets.
/// Outcomes are supplied directly: no server.
/// </summary>
public sealed class HttpResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dated_Retry_After_is_honoured_and_a_past_date_retries_at_once()
    {
        var logger = new ListLogger();
        var pipeline = Build(Limits() with { MaxRetryDelay = TimeSpan.FromSeconds(10) }, logger);
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => Dated(DateTimeOffset.UtcNow.AddHours(-1)),
            () => Dated(DateTimeOffset.UtcNow.AddSeconds(2)),
            () => Status(HttpStatusCode.OK),
        ]);
        using var response = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(answers.Dequeue()()), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        logger.Lines[0].ShouldBe("Test call failed (HTTP 429); retry 1 in 0 ms");
        int.Parse(logger.Lines[1].Split(' ')[^2], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(500, 2000, "the date's wait, not the 1 ms backoff");
    }

    [Fact]
    public async Task Pipeline_waits_the_capped_Retry_After_then_succeeds_and_logs_without_secrets()
    {
        var logger = new ListLogger();
        var pipeline = Build(Limits(), logger);
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => Status(HttpStatusCode.TooManyRequests, TimeSpan.FromMinutes(5)),
            () => throw new HttpRequestException("connect failed for https://host/?token=secret-token"),
            () => Status(HttpStatusCode.OK),
        ]);
        using var response = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(answers.Dequeue()()), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        answers.ShouldBeEmpty();
        logger.Lines.Count.ShouldBe(2);
        logger.Lines[0].ShouldBe("Test call failed (HTTP 429); retry 1 in 50 ms");
        logger.Lines[1].ShouldStartWith("Test call failed (HttpRequestException); retry 2 in ");
        logger.Lines.ShouldAllBe(l => !l.Contains("secret"));
    }

    [Fact]
    public async Task Retry_After_of_a_response_not_chosen_is_ignored_and_client_errors_are_not_retried()
    {
        var logger = new ListLogger();
        var pipeline = Build(Limits() with { HonoursRetryAfter = HttpResilience.IsThrottled }, logger);
        var calls = 0;
        using var ok = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++calls == 1 ? Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30)) : Status(HttpStatusCode.OK)), Ct);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        int.Parse(logger.Lines.Single().Split(' ')[^2], System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(50, "the backoff, not the 30 s Retry-After");

        calls = 0;
        using var bad = await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(Status(HttpStatusCode.BadRequest)); }, Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        calls.ShouldBe(1);
    }

    private static HttpResilienceLimits Limits() => new()
    {
        CallLabel = "Test call",
        RetryCount = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    private static ResiliencePipeline<HttpResponseMessage> Build(HttpResilienceLimits limits, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        HttpResilience.Configure(builder, limits, logger);
        return builder.Build();
    }

    private static HttpResponseMessage Dated(DateTimeOffset date)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(date);
        return response;
    }

    private static HttpResponseMessage Status(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is { } d) response.Headers.RetryAfter = new RetryConditionHeaderValue(d);
        return response;
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
    }
}
