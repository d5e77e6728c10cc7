using System.Diagnostics;
using System.Net.Http.Json;

namespace ReportBot.Cli.Bench;

/// <summary>Latencies of a run, sorted, with its errors and wall time.</summary>
internal sealed record LoadResult(List<double> Latencies, int Errors, TimeSpan Elapsed, int Concurrency)
{
    /// <summary>Completed requests per second over the whole run.</summary>
    public double Throughput => Latencies.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>The <paramref name="q"/> quantile of the latencies, in ms (nearest rank).</summary>
    public double P(double q) => Latencies.Count == 0 ? double.NaN : Latencies[Math.Clamp((int)Math.Ceiling(q * Latencies.Count) - 1, 0, Latencies.Count - 1)];
}

/// <summary>
/// A closed-loop load generator on loopback: <c>concurrency</c> clients each send a request, wait for the whole answer,
/// and send the next, until <c>maxRequests</c> are done or <c>maxDuration</c> has passed (both bounds always apply).
/// A non-2xx status or a transport error counts as an error.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<int, HttpRequestMessage> request, int concurrency, int maxRequests, TimeSpan maxDuration, CancellationToken ct)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var next = -1;
        var wall = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = [];
            while (wall.Elapsed < maxDuration)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= maxRequests) break;
                var sw = Stopwatch.StartNew();
                try
                {
                    using var message = request(i);
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
                    if (!response.IsSuccessStatusCode) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException) { Interlocked.Increment(ref errors); }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested) { Interlocked.Increment(ref errors); }
                mine.Add(sw.Elapsed.TotalMilliseconds);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        wall.Stop();
        var all = latencies.SelectMany(l => l).ToList();
        all.Sort();
        return new LoadResult(all, errors, wall.Elapsed, concurrency);
    }

    /// <summary>A <c>POST /api/chat</c> per request index, the questions taken round robin.</summary>
    public static Func<int, HttpRequestMessage> Chat(IReadOnlyList<string> questions) =>
        i => new HttpRequestMessage(HttpMethod.Post, "api/chat") { Content = JsonContent.Create(new { question = questions[i % questions.Count] }) };

    /// <summary>A <c>GET</c> of <paramref name="path"/>.</summary>
    public static Func<int, HttpRequestMessage> Get(string path) => _ => new HttpRequestMessage(HttpMethod.Get, path);

    /// <summary>Times <paramref name="action"/> <paramref name="n"/> times in a row after <paramref name="warmUp"/> untimed calls; sorted ms.</summary>
    public static async Task<List<double>> SequentialAsync(Func<int, Task> action, int n, int warmUp)
    {
        for (var i = 0; i < warmUp; i++) await action(i);
        var times = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            await action(i);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }
}
