using System.Diagnostics;
using System.Net;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// The soak (a separate CI stage: <c>scripts/soak.sh</c>, trait <c>Category=Soak</c>, excluded from the main run):
/// 20,000 chat requests at a concurrency of 32 against the real server on its embedded defaults (its own local Qdrant,
/// the real corpus, the word vectors): zero 5xx, p50/p99 reported, and the server's memory flat after warm-up.
/// </summary>
[Trait("Category", "Soak")]
public sealed class SoakTests
{
    private const int Requests = 20_000;
    private const int Concurrency = 32;
    private const int WarmUp = 2_000;
    private static readonly TimeSpan TimeCap = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task Soak_20000ChatRequestsAt32_NoServerErrors_AndMemoryStaysFlat()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = TestPaths.NewTempFolder("soak-data");
        // The embedded defaults: no Qdrant endpoint (the bot starts its own on 127.0.0.1), the real corpus. Only the
        // per-client rate limit is off, since all 32 clients come from one address.
        await using var server = new ServerProcess(new Dictionary<string, string>
        {
            ["ReportBot__DataPath"] = data,
            ["ReportBot__Corpus__Path"] = TestPaths.Corpus,
            ["ReportBot__Embeddings__CachePath"] = TestPaths.WordVectorCache,
            ["ReportBot__Embeddings__WordVectorsPath"] = TestPaths.WordVectorsJson,
            ["ReportBot__Web__RateLimitPermits"] = "0",
        });
        server.Start();
        await server.WaitReadyAsync(TimeSpan.FromSeconds(180), ct);

        var load = new ChatLoad();
        // The process's own memory (RssAnon) is what a leak would grow; the mapped word-vector file is counted apart.
        var memory = new List<(int Done, long Bytes, long Rss)>();
        using var stop = new CancellationTokenSource(TimeCap);
        var watch = Stopwatch.StartNew();
        var running = load.RunAsync(server.Http, Concurrency, Requests, stop.Token);
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(1000, ct));
            if (server.IsRunning) memory.Add((load.Samples.Count, server.AnonymousMemory(), server.WorkingSet()));
        }
        await running;
        watch.Stop();

        server.IsRunning.ShouldBeTrue();
        var samples = load.Samples;
        var latencies = samples.Select(s => s.Latency.TotalMilliseconds).Order().ToList();
        var statuses = samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}");
        // Memory after warm-up: the mean over the next 2,000 requests against the mean over the last 2,000.
        var afterWarmUp = memory.Where(m => m.Done is >= WarmUp and < WarmUp * 2).Select(m => (double)m.Bytes).DefaultIfEmpty(0).Average();
        var atEnd = memory.Where(m => m.Done >= Requests - WarmUp).Select(m => (double)m.Bytes).DefaultIfEmpty(0).Average();
        var growth = afterWarmUp > 0 ? atEnd / afterWarmUp - 1 : double.NaN;
        var rssAfterWarmUp = memory.Where(m => m.Done is >= WarmUp and < WarmUp * 2).Select(m => (double)m.Rss).DefaultIfEmpty(0).Average();
        var rssAtEnd = memory.Where(m => m.Done >= Requests - WarmUp).Select(m => (double)m.Rss).DefaultIfEmpty(0).Average();
        ReliabilityKit.Record("soak",
            $"requests={samples.Count} concurrency={Concurrency} statuses={string.Join(",", statuses)} 5xx={samples.Count(s => s.Status >= 500)} no-response={samples.Count(s => s.Status == 0)} " +
            $"p50={ReliabilityKit.Percentile(latencies, 50):F0}ms p99={ReliabilityKit.Percentile(latencies, 99):F0}ms max={latencies[^1]:F0}ms " +
            $"rps={samples.Count / watch.Elapsed.TotalSeconds:F0} duration={watch.Elapsed.TotalSeconds:F0}s anon-after-warmup={afterWarmUp / 1048576:F0}MiB anon-end={atEnd / 1048576:F0}MiB growth={growth:P1} rss-after-warmup={rssAfterWarmUp / 1048576:F0}MiB rss-end={rssAtEnd / 1048576:F0}MiB");

        samples.Count.ShouldBe(Requests, "every request was sent within the time cap");
        samples.ShouldAllBe(s => s.Status == 200, "no 5xx and no failed request: " + string.Join(",", statuses));
        afterWarmUp.ShouldBeGreaterThan(0);
        growth.ShouldBeLessThan(0.10, "memory grows less than 10% after warm-up");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
