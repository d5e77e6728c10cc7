using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ReportBot.Tests.Support;

namespace ReportBot.Tests.Reliability;

/// <summary>One chat request of a load run: when it started (since the run began), how long it took and its status (0 = no response).</summary>
public sealed record LoadSample(TimeSpan Started, TimeSpan Latency, int Status);

/// <summary>
/// Closed-loop load on <c>POST /api/chat</c>: <c>concurrency</c> workers each send the next question as soon as the last
/// answer arrives, until a request budget or a stop signal. Questions come from <c>corpus/questions/questions.jsonl</c>.
/// </summary>
public sealed class ChatLoad
{
    private readonly ConcurrentQueue<LoadSample> _samples = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The questions of the development set, in file order.</summary>
    public static IReadOnlyList<string> Questions { get; } = File.ReadLines(Path.Combine(TestPaths.RepositoryRoot, "corpus", "questions", "questions.jsonl"))
        .Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();

    /// <summary>Every sample so far.</summary>
    public IReadOnlyList<LoadSample> Samples => [.. _samples];

    /// <summary>Time since the load object was made.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs until <paramref name="requests"/> have been sent or <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(HttpClient http, int concurrency, int requests, CancellationToken stop)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests) return;
                var started = _clock.Elapsed;
                int status;
                try
                {
                    using var r = await http.PostAsJsonAsync("api/chat", new { question = Questions[i % Questions.Count] }, CancellationToken.None);
                    await r.Content.ReadAsByteArrayAsync(CancellationToken.None);
                    status = (int)r.StatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                _samples.Enqueue(new LoadSample(started, _clock.Elapsed - started, status));
            }
        }, CancellationToken.None)));
    }
}
