using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ReportBot.Cli.Bench;

/// <summary>Writes a benchmark run as Markdown: machine, ingestion by step, latency next to its floors, load, memory, targets.</summary>
internal static class BenchReport
{
    public static string Markdown(List<BenchRun> runs, int requests, int concurrency, TimeSpan loadDuration, int seed, string plotFile)
    {
        var md = new StringBuilder();
        void L(string s = "") => md.Append(s).Append('\n');
        L("# Benchmarks");
        L();
        L("Produced by `bash scripts/bench.sh` (`reportbot bench`); each run rewrites this file. These machines are shared and noisy, so every latency stands next to a floor measured in the same run (the same Qdrant hybrid query through the same client, Qdrant.Client over gRPC: for each question exactly the query the service sends, its sparse terms with their expansions and its dense vector, built beforehand; an empty endpoint, `GET /health/live`, of the same server), and the targets are judged on ratios where they can be. Benchmarks, not tests: nothing in the test suite asserts a duration.");
        L();
        L(Inv($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, {MachineMemory()}; one local Qdrant 1.16.3 on 127.0.0.1 (single node), embedded SIF word-vector embeddings, server in Release with the rate limiter off. Synthetic corpora: seed {seed}, {SyntheticCorpus.ParagraphsPerReport + 1} chunks a report. {requests} sequential requests per single-client measure (after 20 warm-up); load: {concurrency} closed-loop clients on loopback (the project's load generator), at most {loadDuration.TotalSeconds:0} s (empty endpoint {loadDuration.TotalSeconds / 2:0} s)."));
        L();
        L("## Ingestion (from empty, end to end)");
        L();
        L("| corpus | reports | chunks | load ms | clean ms | chunk ms | embed ms | upsert ms | snapshot (claims, disagreements) ms | total ms | chunks/s | unchanged re-sync ms |");
        L("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in runs)
            L(Inv($"| {r.Name} | {r.Reports} | {r.Chunks} | {r.LoadMs:0} | {r.CleanMs:0} | {r.ChunkMs:0} | {r.EmbedMs:0} | {r.UpsertMs:0} | {r.SnapshotMs:0} | {r.IngestMs:0} | {r.ChunksPerSecond:0} | {r.ResyncMs:0} |"));
        L();
        L("## Latency, one client");
        L();
        L("| corpus | chunks | raw Qdrant p50 / p95 / p99 ms (floor) | empty endpoint p50 ms (floor) | `/api/chat` p50 / p95 / p99 ms | chat p50 ÷ Qdrant p50 | chat p50 ÷ empty p50 | errors |");
        L("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in runs)
        {
            var (f, c, e) = (r.Floor, r.Chat, r.Empty);
            L(Inv($"| {r.Name} | {r.Chunks} | {P(f, .5):0.00} / {P(f, .95):0.00} / {P(f, .99):0.00} | {P(e, .5):0.00} | {P(c, .5):0.00} / {P(c, .95):0.00} / {P(c, .99):0.00} | {P(c, .5) / P(f, .5):0.00} | {P(c, .5) / P(e, .5):0.0} | {r.ChatErrors} |"));
        }
        L();
        L("Where the server's time goes (mean ms per `/api/chat` request, from its `Server-Timing` header): understand = follow-up resolution, spelling, question type; expand = corpus words close to the question's (word vectors); embed = the SIF sentence vector; retrieve = the Qdrant hybrid query over gRPC (Qdrant.Client) and its parsing; evidence = scoring every sentence of the retrieved chunks; compose = disagreements and the answer text. The last column sets the retrieve step's median against the floor's (both medians).");
        L();
        var stageNames = runs.SelectMany(r => r.Stages.Keys).Distinct().ToList();
        L("| corpus | " + string.Join(" | ", stageNames) + " | total | retrieve p50 (floor p50) |");
        L("| --- | " + string.Join(" | ", stageNames.Select(_ => "---:")) + " | ---: | ---: |");
        foreach (var r in runs)
        {
            var means = stageNames.Select(n => r.Stages.TryGetValue(n, out var v) && v.Count > 0 ? v.Average() : 0).ToList();
            // The step's median next to the floor's: the floor is a median, and a few slow calls pull a mean up.
            var retrieve = r.Stages.TryGetValue("retrieve", out var rv) && rv.Count > 0 ? P(rv.Order().ToList(), .5) : double.NaN;
            L(Inv($"| {r.Name} | {string.Join(" | ", means.Select(m => m.ToString("0.00", CultureInfo.InvariantCulture)))} | {means.Sum():0.00} | {retrieve:0.00} ({P(r.Floor, .5):0.00}) |"));
        }
        L();
        L($"![latency against corpus size]({plotFile})");
        L();
        L("## Under load");
        L();
        L("| corpus | chunks | empty endpoint req/s (floor) | `/api/chat` req/s | chat ÷ empty | chat p50 / p95 / p99 ms | requests | errors |");
        L("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in runs)
        {
            if (r.ChatLoad is not { } c || r.EmptyLoad is not { } e) continue;
            L(Inv($"| {r.Name} | {r.Chunks} | {e.Throughput:0} | {c.Throughput:0} | {c.Throughput / e.Throughput:0.000} | {c.P(.5):0.0} / {c.P(.95):0.0} / {c.P(.99):0.0} | {c.Latencies.Count} | {c.Errors} |"));
        }
        L();
        L("## Start-up and memory of the server");
        L();
        L("| corpus | chunks | process start → `/health/ready` ms | RSS when ready MB | peak RSS (VmHWM) MB |");
        L("| --- | ---: | ---: | ---: | ---: |");
        foreach (var r in runs) L(Inv($"| {r.Name} | {r.Chunks} | {r.StartupMs:0} | {r.RssReadyMb:0} | {r.PeakRssMb:0} |"));
        L();
        L("Start-up includes the first sync against the already indexed collections (every report unchanged: load, clean, chunk, claims, disagreements, no upsert) and loading the word-vector cache.");
        L();
        L("## Targets");
        L();
        L("| target | measured | verdict |");
        L("| --- | --- | --- |");
        var defaults = runs[0];
        var at10k = runs.FirstOrDefault(r => r.Name.EndsWith("10,000", StringComparison.Ordinal));
        var at100k = runs.FirstOrDefault(r => r.Name.EndsWith("100,000", StringComparison.Ordinal));
        if (at10k is not null)
        {
            var ratio = P(at10k.Chat, .5) / P(at10k.Floor, .5);
            L(Inv($"| `/api/chat` p50 ≤ 3 × raw Qdrant p50 at 10k chunks | {P(at10k.Chat, .5):0.00} ms vs {P(at10k.Floor, .5):0.00} ms: {ratio:0.00}× | {Verdict(ratio <= 3, $"{ratio / 3:0.00}× the allowed ratio")} |"));
        }
        if (at100k is not null)
        {
            var p95 = P(at100k.Chat, .95);
            L(Inv($"| `/api/chat` p95 < 50 ms at 100k chunks | {p95:0.0} ms (raw Qdrant p95 {P(at100k.Floor, .95):0.0} ms) | {Verdict(p95 < 50, $"{p95 - 50:0.0} ms over")} |"));
        }
        if (defaults.ChatLoad is { } load)
            L(Inv($"| ≥ 300 req/s sustained, zero errors, embedded defaults | {load.Throughput:0} req/s, {load.Errors} errors ({concurrency} clients; empty endpoint {defaults.EmptyLoad?.Throughput:0} req/s) | {Verdict(load.Throughput >= 300 && load.Errors == 0, $"{300 - load.Throughput:0} req/s short")} |"));
        foreach (var r in runs.Skip(1))
            L(Inv($"| ingestion ≥ 2,000 chunks/s end to end ({r.Name}) | {r.ChunksPerSecond:0} chunks/s | {Verdict(r.ChunksPerSecond >= 2000, $"{r.ChunksPerSecond / 2000:0.00}× the target")} |"));
        foreach (var r in new[] { defaults, at100k }.OfType<BenchRun>())
            L(Inv($"| server memory < 400 MB with the word vectors loaded ({r.Name}) | peak RSS {r.PeakRssMb:0} MB | {Verdict(r.PeakRssMb < 400, $"{r.PeakRssMb - 400:0} MB over")} |"));
        L(Inv($"| start-up < 3 s (embedded defaults) | {defaults.StartupMs:0} ms | {Verdict(defaults.StartupMs < 3000, $"{(defaults.StartupMs - 3000) / 1000:0.0} s over")} |"));
        L();
        L("Where the time goes and what was changed to get here: [performance.md](performance.md).");
        return md.ToString();
    }

    private static double P(List<double> sorted, double q) => BenchRun.P(sorted, q);

    private static string Verdict(bool met, string miss) => met ? "met" : $"**missed** ({miss})";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string MachineMemory()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = double.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
            return Inv($"{cpu}, {kb / 1024 / 1024:0} GiB RAM");
        }
        catch (IOException) { return "memory unknown"; }
    }
}
