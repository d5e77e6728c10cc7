using System.Diagnostics;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Tests.Generative;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// The optional model provider (an OpenAI-compatible stand-in on loopback) hanging or 429-storming: every answer falls
/// back to the model-free one, no answer waits beyond the configured timeout and retries, and once the circuit is open
/// the provider is left alone. (Garbage replies and 500 storms: <c>GenerativeAnswerTests</c>.)
/// </summary>
[Collection("reliability-hostile")]
public sealed class ModelProviderFaultTests(QdrantFixture qdrant)
{
    private const string Question = "How many fishing boats did the storm destroy?";
    private const int TimeoutSeconds = 1;
    private const int RetryCount = 1;

    private async Task<TestServices> StartAsync(ModelStandIn model)
    {
        var settings = GenerativeAnswerTests.Settings(model);
        settings["ReportBot:Chat:TimeoutSeconds"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ReportBot:Chat:RetryCount"] = RetryCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var s = new TestServices(qdrant, GenerativeAnswerTests.Corpus, settings);
        await s.SyncAsync();
        return s;
    }

    /// <summary>The longest an answer may take with a dead provider: every attempt timing out, the backoffs, and slack.</summary>
    private static TimeSpan Budget => TimeSpan.FromSeconds((RetryCount + 1) * TimeoutSeconds + RetryCount * 1 + 10);

    [Fact]
    public async Task HangingProvider_FallsBackWithinTheConfiguredTimeout_ThenTheCircuitOpens()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = async (_, http) => await Task.Delay(TimeSpan.FromSeconds(60), http.RequestAborted);
        await using var s = await StartAsync(model);

        var times = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var clock = Stopwatch.StartNew();
            var a = await s.AskAsync(Question);
            clock.Stop();
            times.Add(clock.ElapsedMilliseconds);
            a.Mode.ShouldBe(AnswerModes.ExtractiveFallback);
            a.Answerable.ShouldBeTrue();
            a.Citations.ShouldNotBeEmpty();
            clock.Elapsed.ShouldBeLessThan(Budget, "no hang beyond the configured timeout and retries");
        }
        var calls = model.Calls.Count;
        calls.ShouldBeLessThan(4 * (RetryCount + 1), "once the circuit is open later questions do not wait for the hanging provider");
        ReliabilityKit.Record("model-provider-hanging", $"answers=4 all=extractive-fallback timeout={TimeoutSeconds}s retries={RetryCount} answer-ms={string.Join("/", times)} provider-calls={calls}");
    }

    [Fact]
    public async Task A429Storm_FallsBackAfterHonouringRetryAfter_AndTheCircuitStopsTheStorm()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Status(429, retryAfterSeconds: 1);
        await using var s = await StartAsync(model);

        var times = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var clock = Stopwatch.StartNew();
            var a = await s.AskAsync(Question);
            clock.Stop();
            times.Add(clock.ElapsedMilliseconds);
            a.Mode.ShouldBe(AnswerModes.ExtractiveFallback);
            a.Citations.ShouldNotBeEmpty();
            clock.Elapsed.ShouldBeLessThan(Budget);
        }
        var calls = model.Calls;
        calls.Count.ShouldBeGreaterThanOrEqualTo(RetryCount + 1);
        (calls[1].At - calls[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured");
        calls.Count.ShouldBeLessThan(6 * (RetryCount + 1), "the open circuit keeps later questions off the throttled provider");
        ReliabilityKit.Record("model-provider-429-storm", $"answers=6 all=extractive-fallback answer-ms={string.Join("/", times)} provider-calls={calls.Count}");
    }
}
