using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportBot.Cli.Bench;
using ReportBot.Core.Answering;
using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Evaluation;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;
using ReportBot.Infrastructure.Embeddings;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Qdrant;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary>
/// <c>reportbot bench</c>: for the project's corpus and for synthetic corpora of 1k, 10k and 100k chunks (generated from a
/// seed), measures ingestion by step, the floors (the same hybrid query through the same Qdrant.Client over gRPC; an empty endpoint of the same
/// server), <c>/api/chat</c> latency single-client and under concurrent loopback load, start-up time and peak RSS of
/// the server, and writes <c>docs/benchmarks.md</c> with a latency-against-size plot. These machines are shared and
/// noisy, so every figure stands next to a floor measured in the same run.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Sequential requests per measure (at least 100).", DefaultValueFactory = _ => 300 };
        var output = new Option<string>("--out") { Description = "Markdown file to write the results to.", DefaultValueFactory = _ => "docs/benchmarks.md" };
        var set = new Option<string>("--set") { Description = "Question set asked of the project's corpus.", DefaultValueFactory = _ => "corpus/questions/questions.jsonl" };
        var sizes = new Option<string>("--sizes") { Description = "Synthetic corpus sizes in chunks, comma-separated (empty: none).", DefaultValueFactory = _ => "1000,10000,100000" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic corpora and their questions.", DefaultValueFactory = _ => 20261123 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients of the load test.", DefaultValueFactory = _ => 16 };
        var seconds = new Option<int>("--load-seconds") { Description = "Longest duration of each load test, in seconds (also bounded by 50 × --requests requests).", DefaultValueFactory = _ => 10 };
        var ingestOnly = new Option<bool>("--ingest-only") { Description = "Measure ingestion only (no server, nothing written): for profiling." };
        var command = new Command("bench", "Benchmark ingestion, /api/chat latency and throughput against floors measured in the same run.")
            { requests, output, set, sizes, seed, concurrency, seconds, ingestOnly };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Settings(Math.Max(100, parse.GetValue(requests)), Math.Clamp(parse.GetValue(concurrency), 1, 256),
                TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(seconds), 1, 120)), parse.GetValue(ingestOnly));
            using var host = CliOptions.BuildHost(parse);
            var qdrant = host.Services.GetRequiredService<QdrantHost>();
            await qdrant.StartAsync(ct);
            var runs = new List<BenchRun>();
            var scratch = Path.Combine(Path.GetTempPath(), "reportbot-bench");
            try
            {
                var corpus = RepositoryPaths.Resolve(host.Services.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
                var dev = QuestionSet.Load(RepositoryPaths.Resolve(parse.GetValue(set)!)).Where(q => q.History.Count == 0).Select(q => q.Question).ToList();
                runs.Add(await MeasureAsync(host.Services, qdrant.Endpoint, "project corpus (embedded defaults)", corpus, dev, settings, ct));
                var sizeList = (parse.GetValue(sizes) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                foreach (var size in sizeList)
                {
                    var folder = Path.Combine(scratch, $"corpus-{size}-{parse.GetValue(seed)}");
                    var sw = Stopwatch.StartNew();
                    var reports = SyntheticCorpus.Generate(folder, size, parse.GetValue(seed));
                    AnsiConsole.MarkupLine($"[grey]Generated {reports} synthetic reports (~{size} chunks) in {sw.ElapsedMilliseconds} ms[/]");
                    runs.Add(await MeasureAsync(host.Services, qdrant.Endpoint, $"synthetic {size:#,0}", folder, SyntheticCorpus.Questions(parse.GetValue(seed), 40), settings, ct));
                    Directory.Delete(folder, recursive: true);
                }

                if (settings.IngestOnly) return 0;
                var outPath = RepositoryPaths.Resolve(parse.GetValue(output)!);
                Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
                var plotPath = Path.ChangeExtension(outPath, null) + "-latency.svg";
                await File.WriteAllTextAsync(plotPath, Plot(runs), ct);
                await File.WriteAllTextAsync(outPath, BenchReport.Markdown(runs, settings.Requests, settings.Concurrency, settings.LoadDuration, parse.GetValue(seed), Path.GetFileName(plotPath)), ct);
                AnsiConsole.MarkupLine($"[grey]Wrote {Markup.Escape(outPath)} and {Markup.Escape(plotPath)}[/]");
                return runs.Sum(r => r.ChatErrors + (r.ChatLoad?.Errors ?? 0)) == 0 ? 0 : 1;
            }
            finally
            {
                await qdrant.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private sealed record Settings(int Requests, int Concurrency, TimeSpan LoadDuration, bool IngestOnly = false);

    private static async Task<BenchRun> MeasureAsync(IServiceProvider services, Uri qdrantEndpoint, string name, string folder, List<string> questions, Settings settings, CancellationToken ct)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(name)}[/]");
        var run = new BenchRun { Name = name };
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        using var index = new QdrantIndex(qdrantEndpoint, new QdrantOptions { Endpoint = qdrantEndpoint.ToString(), CollectionPrefix = prefix, TimeoutSeconds = 60, RetryCount = 1 });
        var schema = services.GetRequiredService<IndexSchema>();
        var embeddings = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var pipeline = new IngestionPipeline(index, embeddings, schema, new CorpusState(), services.GetRequiredService<IOptions<CorpusOptions>>().Value.MaxChunkChars,
            services.GetRequiredService<DisagreementDetector>());
        Process? server = null;
        try
        {
            // 1. Ingestion from empty (fresh collections), then an unchanged re-sync (what the server does every minute).
            var state = new CorpusState();
            pipeline = new IngestionPipeline(index, embeddings, schema, state, services.GetRequiredService<IOptions<CorpusOptions>>().Value.MaxChunkChars,
                services.GetRequiredService<DisagreementDetector>());
            var s = await pipeline.SyncAsync(folder, null, ct);
            (run.ClaimsMs, run.DisagreementsMs, run.Claims, run.Disagreements) = (state.Current.ClaimExtractionTime.TotalMilliseconds, state.Current.DisagreementTime.TotalMilliseconds,
                state.Current.ClaimCount, state.Current.Disagreements.Count);
            (run.Reports, run.Chunks) = (s.Added, s.Chunks);
            (run.LoadMs, run.CleanMs, run.ChunkMs, run.EmbedMs, run.UpsertMs, run.SnapshotMs, run.IngestMs) =
                (s.Load.TotalMilliseconds, s.Clean.TotalMilliseconds, s.Chunk.TotalMilliseconds, s.Embed.TotalMilliseconds, s.Upsert.TotalMilliseconds, s.Snapshot.TotalMilliseconds, s.Total.TotalMilliseconds);
            run.ResyncMs = (await pipeline.SyncAsync(folder, null, ct)).Total.TotalMilliseconds;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"  ingested {run.Chunks} chunks of {run.Reports} reports in {run.IngestMs:0} ms ({run.ChunksPerSecond:0} chunks/s: load {run.LoadMs:0}, clean {run.CleanMs:0}, chunk {run.ChunkMs:0}, embed {run.EmbedMs:0}, upsert {run.UpsertMs:0}, snapshot {run.SnapshotMs:0} = claims {run.ClaimsMs:0} ({run.Claims}) + disagreements {run.DisagreementsMs:0} ({run.Disagreements})); unchanged re-sync {run.ResyncMs:0} ms"));
            if (settings.IngestOnly) return run;

            // 2. The server, started as a process against the indexed collections: start-up to ready, then the measures.
            var port = FreePort();
            var data = Path.Combine(Path.GetTempPath(), "reportbot-bench", prefix);
            var cache = CachePath(services);
            var sw = Stopwatch.StartNew();
            server = StartServer(qdrantEndpoint, prefix, folder, data, cache, port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitReadyAsync(http, server, ct);
            run.StartupMs = sw.Elapsed.TotalMilliseconds;
            run.RssReadyMb = ProcessMemory.Read(server.Id).RssMb;

            // 3. Floor: exactly the hybrid query the service sends for each question (built by AnswerService itself: question
            //    terms, their corpus-word expansions, the SIF vector), computed beforehand; only the gRPC round trip through the same client (Qdrant.Client) is timed.
            //    Measured with the server up (idle), right before the chat measures: both see the same machine.
            var answers = ActivatorUtilities.CreateInstance<AnswerService>(services, index, state);
            var queries = new List<HybridQuery>();
            foreach (var q in questions) queries.Add(await answers.QueryForAsync(q, ct));
            run.Floor = await LoadGenerator.SequentialAsync(i => index.QueryAsync(queries[i % queries.Count], ct), settings.Requests, 20);

            run.Empty = await LoadGenerator.SequentialAsync(async _ => { using var r = await http.GetAsync("health/live", ct); await r.Content.ReadAsByteArrayAsync(ct); }, settings.Requests, 20);
            var errors = 0;
            run.Chat = await LoadGenerator.SequentialAsync(async i =>
            {
                using var r = await http.PostAsJsonAsync("api/chat", new { question = questions[i % questions.Count] }, ct);
                await r.Content.ReadAsByteArrayAsync(ct);
                if (!r.IsSuccessStatusCode) errors++;
                if (r.Headers.TryGetValues("Server-Timing", out var timing)) run.AddStages(string.Join(",", timing));
            }, settings.Requests, 20);
            run.ChatErrors = errors;
            var maxRequests = settings.Requests * 50;
            using var loadHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency }) { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            run.EmptyLoad = await LoadGenerator.RunAsync(loadHttp, LoadGenerator.Get("health/live"), settings.Concurrency, maxRequests, settings.LoadDuration / 2, ct);
            run.ChatLoad = await LoadGenerator.RunAsync(loadHttp, LoadGenerator.Chat(questions), settings.Concurrency, maxRequests, settings.LoadDuration, ct);
            run.PeakRssMb = ProcessMemory.Read(server.Id).PeakMb;
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"  server-side steps, mean ms: {string.Join(", ", run.StageMeans.Select(x => $"{x.Key} {x.Value:0.00}"))}"));
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"  floor p50 {BenchRun.P(run.Floor, 0.5):0.00} ms; chat p50 {BenchRun.P(run.Chat, 0.5):0.00} / p95 {BenchRun.P(run.Chat, 0.95):0.00} ms; {run.ChatLoad.Throughput:0} req/s at {settings.Concurrency} clients, {run.ChatLoad.Errors} errors; start-up {run.StartupMs:0} ms; peak RSS {run.PeakRssMb:0} MB"));
            return run;
        }
        finally
        {
            if (server is { HasExited: false }) { server.Kill(entireProcessTree: true); await server.WaitForExitAsync(CancellationToken.None); }
            server?.Dispose();
            foreach (var c in new[] { schema.ChunkCollection, schema.ManifestCollection })
            {
                try { await index.Client.DeleteCollectionAsync($"{prefix}_{c}", cancellationToken: CancellationToken.None); }
                catch (Grpc.Core.RpcException) { }
            }
            try { Directory.Delete(Path.Combine(Path.GetTempPath(), "reportbot-bench", prefix), recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string CachePath(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
        var root = services.GetRequiredService<IOptions<ReportBotOptions>>().Value;
        return o.CachePath is { Length: > 0 } c ? RepositoryPaths.Resolve(c) : Path.Combine(RepositoryPaths.Resolve(root.DataPath), "cache");
    }

    private static string Plot(List<BenchRun> runs)
    {
        var points = (Func<BenchRun, double> f) => runs.Select(r => ((double)r.Chunks, f(r))).ToList();
        return LatencyPlot.Svg("/api/chat latency against corpus size (same run, loopback)",
        [
            new("chat p50 (1 client)", "#1f77b4", points(r => BenchRun.P(r.Chat, 0.5))),
            new("chat p95 (1 client)", "#ff7f0e", points(r => BenchRun.P(r.Chat, 0.95))),
            new("chat p99 (1 client)", "#d62728", points(r => BenchRun.P(r.Chat, 0.99))),
            new("chat p50 (under load)", "#9467bd", points(r => r.ChatLoad?.P(0.5) ?? double.NaN)),
            new("raw Qdrant p50 (floor)", "#2ca02c", points(r => BenchRun.P(r.Floor, 0.5)), Dashed: true),
            new("empty endpoint p50 (floor)", "#7f7f7f", points(r => BenchRun.P(r.Empty, 0.5)), Dashed: true),
        ]);
    }

    private static Process StartServer(Uri qdrant, string prefix, string corpus, string data, string cache, int port)
    {
        var dll = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(RepositoryPaths.RepositoryRoot, "src", "ReportBot.Server", "bin", c, "net10.0", "ReportBot.Server.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException("Build the server first: dotnet build src/ReportBot.Server -c Release");
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["ReportBot__Qdrant__Endpoint"] = qdrant.ToString();
        psi.Environment["ReportBot__Qdrant__CollectionPrefix"] = prefix;
        psi.Environment["ReportBot__Corpus__Path"] = corpus;
        psi.Environment["ReportBot__DataPath"] = data;
        psi.Environment["ReportBot__Embeddings__CachePath"] = cache;
        // The load test measures the pipeline, not the per-client rate limiter (one loopback client would get 429s).
        psi.Environment["ReportBot__Web__RateLimitPermits"] = "0";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException("The server exited during start-up.");
            try
            {
                using var r = await http.GetAsync("health/ready", ct);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(20, ct);
        }
        throw new TimeoutException("The server did not become ready.");
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}
