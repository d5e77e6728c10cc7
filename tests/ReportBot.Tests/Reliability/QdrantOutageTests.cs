using System.Diagnostics;
using System.Net;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// Qdrant killed while the real server (a child process) is under a load of chat requests: while it is down every
/// answer is a fast 503 (the circuit is open; threads do not pile up), the process stays up, and once Qdrant is back the
/// same process answers again by itself.
/// </summary>
[Collection("reliability")]
public sealed class QdrantOutageTests(QdrantFixture qdrant)
{
    private const int Concurrency = 16;

    [Fact]
    public async Task QdrantKilledUnderLoad_Gives503FastWhileDown_AndAnswersResumeWithoutARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = TestPaths.NewTempFolder("outage-data");
        var env = ReliabilityKit.ServerEnvironment(qdrant, TestPaths.Corpus, data, "out_" + Guid.NewGuid().ToString("N")[..8]);
        env["ReportBot__Web__RateLimitPermits"] = "0";
        await using var server = new ServerProcess(env);
        server.Start();
        await server.WaitReadyAsync(cancellationToken: ct);
        var pid = server.Pid;

        var load = new ChatLoad();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var running = load.RunAsync(server.Http, Concurrency, int.MaxValue, stop.Token);
        TimeSpan killedAt, restartedAt;
        var threadsUp = 0;
        var threadsDownMax = 0;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            threadsUp = ThreadCount(pid);
            killedAt = load.Elapsed;
            await qdrant.Process.KillAsync();
            try
            {
                // Down for 8 s under load: sample the server's threads and its liveness.
                for (var i = 0; i < 16; i++)
                {
                    await Task.Delay(500, ct);
                    threadsDownMax = Math.Max(threadsDownMax, ThreadCount(pid));
                }
                using (var live = await server.Http.GetAsync("health/live", ct)) live.StatusCode.ShouldBe(HttpStatusCode.OK);
                using (var ready = await server.Http.GetAsync("health/ready", ct)) ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            }
            finally
            {
                restartedAt = load.Elapsed;
                await qdrant.Process.StartAsync(ct);
            }
            // Answers resume by themselves; keep the load on a little longer once they do.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !load.Samples.Any(s => s.Started > restartedAt && s.Status == 200))
                await Task.Delay(200, ct);
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }

        server.IsRunning.ShouldBeTrue("the bot process stays up");
        server.Pid.ShouldBe(pid);
        var samples = load.Samples;
        samples.ShouldAllBe(s => s.Status == 200 || s.Status == 503, "only answers and 503s: " + string.Join(",", samples.Select(s => s.Status).Distinct()));
        samples.Where(s => s.Started + s.Latency < killedAt).ShouldAllBe(s => s.Status == 200);

        // While down (after the first seconds that open the circuit): 503s, fast, and many of them.
        var down = samples.Where(s => s.Started > killedAt + TimeSpan.FromSeconds(3) && s.Started + s.Latency < restartedAt).ToList();
        down.ShouldNotBeEmpty();
        down.ShouldAllBe(s => s.Status == 503);
        var downLatency = down.Select(s => s.Latency.TotalMilliseconds).Order().ToList();
        // Fail fast: with the circuit open a 503 takes far less than one Qdrant timeout (2 s here).
        ReliabilityKit.Percentile(downLatency, 90).ShouldBeLessThan(2000);
        // No pile-up: the threads of the server stay within a small margin of what they were under the same load.
        threadsDownMax.ShouldBeLessThan(threadsUp + 40, $"threads up {threadsUp}, down max {threadsDownMax}");

        var firstOk = samples.Where(s => s.Started > restartedAt && s.Status == 200).OrderBy(s => s.Started + s.Latency).FirstOrDefault();
        firstOk.ShouldNotBeNull("answers resume within 30 s of Qdrant's return");
        var resumedAfter = firstOk.Started + firstOk.Latency - restartedAt;
        var tail = samples.Where(s => s.Started > firstOk.Started + firstOk.Latency + TimeSpan.FromSeconds(0.5)).ToList();
        tail.ShouldNotBeEmpty();
        // Once answers are back they stay back (a slow first query of a just-restarted Qdrant may still time out).
        tail.Count(s => s.Status == 200).ShouldBeGreaterThanOrEqualTo((int)(tail.Count * 0.9), $"{tail.Count(s => s.Status == 200)} of {tail.Count} answered after the recovery");

        ReliabilityKit.Record("qdrant-outage-under-load",
            $"requests={samples.Count} ok={samples.Count(s => s.Status == 200)} 503={samples.Count(s => s.Status == 503)} other=0 " +
            $"down-503-p50={ReliabilityKit.Percentile(downLatency, 50):F0}ms down-503-p90={ReliabilityKit.Percentile(downLatency, 90):F0}ms " +
            $"threads-up={threadsUp} threads-down-max={threadsDownMax} resumed-after={resumedAfter.TotalSeconds:F1}s restarts-of-bot=0");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private static int ThreadCount(int pid)
    {
        using var p = Process.GetProcessById(pid);
        return p.Threads.Count;
    }
}
