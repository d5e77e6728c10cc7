using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Corpus;
using ReportBot.Core.Evaluation;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;
using ReportBot.Infrastructure.Hosting;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary>
/// <c>reportbot bench</c>: ingestion time for the corpus, then /api/chat latency over real HTTP next to the raw Qdrant
/// query time for the same questions, measured in the same run (these machines are shared: ratios, not absolutes).
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Chat requests to time (at least 200).", DefaultValueFactory = _ => 300 };
        var output = new Option<string>("--out") { Description = "Markdown file to append the results to.", DefaultValueFactory = _ => "docs/benchmarks.md" };
        var set = new Option<string>("--set") { Description = "Question set whose questions are asked.", DefaultValueFactory = _ => "corpus/questions/dev.jsonl" };
        var command = new Command("bench", "Benchmark ingestion and /api/chat latency against the raw Qdrant query floor.") { requests, output, set };
        command.SetAction(async (parse, ct) =>
        {
            var n = Math.Max(200, parse.GetValue(requests));
            using var host = CliOptions.BuildHost(parse);
            var qdrant = host.Services.GetRequiredService<QdrantHost>();
            await qdrant.StartAsync(ct);
            Process? server = null;
            try
            {
                var folder = RepositoryPaths.Resolve(host.Services.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
                var index = host.Services.GetRequiredService<IVectorIndex>();
                var schema = host.Services.GetRequiredService<IndexSchema>();
                // Ingestion from empty: drop every report first so the run measures a full ingestion.
                await index.EnsureCollectionsAsync(schema, ct);
                foreach (var m in await index.GetManifestsAsync(ct)) await index.DeleteReportAsync(m.ReportId, ct);
                var pipeline = host.Services.GetRequiredService<IngestionPipeline>();
                var ingest = await pipeline.SyncAsync(folder, null, ct);
                AnsiConsole.MarkupLine($"Ingested {ingest.Chunks} chunks from {ingest.Added} reports in {ingest.Total.TotalMilliseconds:0} ms");

                var questions = QuestionSet.Load(RepositoryPaths.Resolve(parse.GetValue(set)!)).Where(q => q.History.Count == 0).Select(q => q.Question).ToList();
                var floor = await RawQdrantAsync(host.Services, questions, n, ct);

                var port = FreePort();
                server = StartServer(qdrant.Endpoint, folder, port);
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
                await WaitReadyAsync(http, server, ct);
                var chat = new List<double>();
                var errors = 0;
                for (var i = 0; i < 20; i++) await http.PostAsJsonAsync("api/chat", new { question = questions[i % questions.Count] }, ct); // warm-up
                for (var i = 0; i < n; i++)
                {
                    var sw = Stopwatch.StartNew();
                    using var r = await http.PostAsJsonAsync("api/chat", new { question = questions[i % questions.Count] }, ct);
                    await r.Content.ReadAsByteArrayAsync(ct);
                    sw.Stop();
                    if (!r.IsSuccessStatusCode) errors++;
                    chat.Add(sw.Elapsed.TotalMilliseconds);
                }
                chat.Sort();
                var p50 = EvaluationRunner.Percentile(chat, 0.5)!.Value;
                var p95 = EvaluationRunner.Percentile(chat, 0.95)!.Value;
                var f50 = EvaluationRunner.Percentile(floor, 0.5)!.Value;
                var f95 = EvaluationRunner.Percentile(floor, 0.95)!.Value;

                var table = new Table().AddColumns("measure", "p50 ms", "p95 ms", "p50 ratio to floor");
                table.AddRow("raw Qdrant hybrid query (floor)", F(f50), F(f95), "1.0");
                table.AddRow("/api/chat over HTTP", F(p50), F(p95), F(p50 / f50));
                AnsiConsole.Write(table);

                var md = new StringBuilder();
                md.AppendLine(CultureInfo.InvariantCulture, $"## Spine benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}. Qdrant local on 127.0.0.1, embedded SIF word-vector embeddings, corpus `{Path.GetRelativePath(RepositoryPaths.RepositoryRoot, folder)}`.");
                md.AppendLine();
                md.AppendLine("| ingestion step | ms |");
                md.AppendLine("| --- | ---: |");
                foreach (var (name, t) in new[] { ("load", ingest.Load), ("clean", ingest.Clean), ("chunk", ingest.Chunk), ("embed", ingest.Embed), ("upsert (Qdrant)", ingest.Upsert), ("total", ingest.Total) })
                    md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {t.TotalMilliseconds:0.0} |");
                md.AppendLine(CultureInfo.InvariantCulture, $"\n{ingest.Chunks} chunks from {ingest.Added} reports: {ingest.Chunks / Math.Max(ingest.Total.TotalSeconds, 1e-9):0} chunks/s end to end.\n");
                md.AppendLine(CultureInfo.InvariantCulture, $"| latency over {n} sequential requests | p50 ms | p95 ms | p50 ÷ floor p50 |");
                md.AppendLine("| --- | ---: | ---: | ---: |");
                md.AppendLine(CultureInfo.InvariantCulture, $"| raw Qdrant hybrid query (floor: same questions, vectors precomputed) | {F(f50)} | {F(f95)} | 1.0 |");
                md.AppendLine(CultureInfo.InvariantCulture, $"| `POST /api/chat` over loopback HTTP (full pipeline) | {F(p50)} | {F(p95)} | {F(p50 / f50)} |");
                md.AppendLine(CultureInfo.InvariantCulture, $"\nErrors: {errors}.\n");
                var outPath = RepositoryPaths.Resolve(parse.GetValue(output)!);
                Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
                if (!File.Exists(outPath)) await File.WriteAllTextAsync(outPath, "# Benchmarks\n\nProduced by `reportbot bench` (see README). Each run appends a section; figures are ratios against a floor measured in the same run because these machines are shared and noisy.\n\n", ct);
                await File.AppendAllTextAsync(outPath, md.ToString(), ct);
                AnsiConsole.MarkupLine($"[grey]Appended to {Markup.Escape(outPath)}[/]");
                return errors == 0 ? 0 : 1;
            }
            finally
            {
                if (server is { HasExited: false }) { server.Kill(entireProcessTree: true); await server.WaitForExitAsync(CancellationToken.None); }
                await qdrant.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    /// <summary>The floor: the same hybrid query the service sends, vectors computed beforehand, only the Qdrant round trip timed.</summary>
    private static async Task<List<double>> RawQdrantAsync(IServiceProvider services, List<string> questions, int n, CancellationToken ct)
    {
        var index = services.GetRequiredService<IVectorIndex>();
        var embeddings = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var options = services.GetRequiredService<AnsweringOptions>();
        var queries = new List<HybridQuery>();
        foreach (var q in questions)
        {
            var dense = (await embeddings.GenerateAsync([q], cancellationToken: ct))[0].Vector.ToArray();
            queries.Add(new HybridQuery(dense, SparseEncoder.EncodeQuery(Terms.Of(q).Select(t => t.Stem)), options.TopChunks, options.PrefetchLimit, options.Fusion));
        }
        for (var i = 0; i < 20; i++) await index.QueryAsync(queries[i % queries.Count], ct);
        var times = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            await index.QueryAsync(queries[i % queries.Count], ct);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }

    private static Process StartServer(Uri qdrant, string corpus, int port)
    {
        var dll = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(RepositoryPaths.RepositoryRoot, "src", "ReportBot.Server", "bin", c, "net10.0", "ReportBot.Server.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new FileNotFoundException("Build the server first: dotnet build src/ReportBot.Server -c Release");
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["ReportBot__Qdrant__Endpoint"] = qdrant.ToString();
        psi.Environment["ReportBot__Corpus__Path"] = corpus;
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
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException("The server exited during start-up.");
            try
            {
                using var r = await http.GetAsync("health/ready", ct);
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException("The server did not become ready.");
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
