using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using ReportBot.Infrastructure.Resilience;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>The shared HTTP pipeline builder (Qdrant, model servers, Bot connector, Slack), against a stub: no server.</summary>
public sealed class HttpResilienceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Retry_After_is_honoured_as_a_delta_or_a_date_and_capped()
    {
        var time = TimeProvider.System;
        var max = TimeSpan.FromSeconds(10);
        HttpResilience.RetryAfter(With(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3))), time, max).ShouldBe(TimeSpan.FromSeconds(3));
        HttpResilience.RetryAfter(With(new RetryConditionHeaderValue(TimeSpan.FromSeconds(60))), time, max).ShouldBe(max);
        HttpResilience.RetryAfter(With(new RetryConditionHeaderValue(time.GetUtcNow().AddHours(-1))), time, max).ShouldBe(TimeSpan.Zero);
        var dated = HttpResilience.RetryAfter(With(new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(5))), time, max);
        dated.ShouldNotBeNull();
        dated.Value.ShouldBeInRange(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        HttpResilience.RetryAfter(With(null), time, max).ShouldBeNull();
        HttpResilience.RetryAfter(null, time, max).ShouldBeNull();
    }

    [Fact]
    public async Task Pipeline_waits_the_capped_Retry_After_then_succeeds_and_logs_without_secrets()
    {
        var logger = new ListLogger();
        var pipeline = HttpResilience.Build(Settings(), logger: logger);
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
        var pipeline = HttpResilience.Build(Settings() with { HonoursRetryAfter = r => r.StatusCode == HttpStatusCode.TooManyRequests }, logger: logger);
        var calls = 0;
        using var ok = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(++calls == 1 ? Status(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30)) : Status(HttpStatusCode.OK)), Ct);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        int.Parse(logger.Lines.Single().Split(' ')[^2], System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(50, "the backoff, not the 30 s Retry-After");

        calls = 0;
        using var bad = await pipeline.ExecuteAsync(_ => { calls++; return ValueTask.FromResult(Status(HttpStatusCode.BadRequest)); }, Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        calls.ShouldBe(1);
    }

    private static HttpResilienceSettings Settings() => new()
    {
        Name = "test",
        CallLabel = "Test call",
        RetryCount = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    private static HttpResponseMessage With(RetryConditionHeaderValue? retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = retryAfter;
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
