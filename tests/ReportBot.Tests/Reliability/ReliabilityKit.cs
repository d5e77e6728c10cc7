using System.Net.Http.Json;
using System.Text.Json;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>The reliability tests' own Qdrant (they kill and restart it).</summary>
[CollectionDefinition("reliability")]
public sealed class ReliabilityCollection : ICollectionFixture<QdrantFixture>;

/// <summary>Shared pieces of the reliability tests: corpora, settings for a child server, index snapshots and figures.</summary>
internal static class ReliabilityKit
{
    /// <summary>The hostile fixture corpus (markup, scripts and prompt-injection text in a report).</summary>
    public static string HostileCorpus => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hostile-corpus", "reports");

    /// <summary>
    /// A corpus large enough that ingesting it takes a while: the real reports plus <paramref name="copies"/> variants of
    /// each (own file name and headline, so each is a separate report with its own points).
    /// </summary>
    public static string LargeCorpus(int copies)
    {
        var target = TestPaths.CopyOf(TestPaths.Corpus);
        foreach (var file in Directory.GetFiles(TestPaths.Corpus, "*.md"))
        {
            var text = File.ReadAllText(file);
            for (var i = 1; i <= copies; i++)
            {
                var variant = text.Replace("title: \"", $"title: \"Copy {i}: ", StringComparison.Ordinal) + $"\n\nEditor's note {i}: this copy was filed under reference {i * 7919}.\n";
                File.WriteAllText(Path.Combine(target, $"{Path.GetFileNameWithoutExtension(file)}-copy-{i:D3}.md"), variant);
            }
        }
        return target;
    }

    /// <summary>Environment of a child server over <paramref name="qdrant"/>, a corpus folder and a data path.</summary>
    public static Dictionary<string, string> ServerEnvironment(QdrantFixture qdrant, string corpus, string dataPath, string prefix) => new()
    {
        ["ReportBot__Qdrant__Endpoint"] = qdrant.GrpcEndpoint.ToString(),
        ["ReportBot__Qdrant__CollectionPrefix"] = prefix,
        ["ReportBot__Qdrant__TimeoutSeconds"] = "2",
        ["ReportBot__Qdrant__RetryCount"] = "1",
        ["ReportBot__Corpus__Path"] = corpus,
        ["ReportBot__DataPath"] = dataPath,
        ["ReportBot__SyncIntervalSeconds"] = "0",
        ["ReportBot__Embeddings__CachePath"] = TestPaths.WordVectorCache,
        ["ReportBot__Embeddings__WordVectorsPath"] = TestPaths.WordVectorsJson,
    };

    /// <summary>Names of the collections whose name starts with <paramref name="prefix"/>.</summary>
    public static Task<List<string>> CollectionsAsync(QdrantFixture qdrant, string prefix, CancellationToken ct) => CollectionsAsync(qdrant.Endpoint, prefix, ct);

    /// <summary>Names of the collections of the Qdrant at <paramref name="endpoint"/> whose name starts with <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> CollectionsAsync(Uri endpoint, string prefix, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
        using var doc = JsonDocument.Parse(await http.GetStringAsync("collections", ct));
        return doc.RootElement.GetProperty("result").GetProperty("collections").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()!).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Points in a collection (0 when it does not exist or Qdrant does not answer).</summary>
    public static Task<long> CountAsync(QdrantFixture qdrant, string collection, CancellationToken ct) => CountAsync(qdrant.Endpoint, collection, ct);

    /// <summary>Points in a collection of the Qdrant at <paramref name="endpoint"/> (0 when it does not exist or Qdrant does not answer).</summary>
    public static async Task<long> CountAsync(Uri endpoint, string collection, CancellationToken ct)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(5) };
            using var r = await http.PostAsJsonAsync($"collections/{collection}/points/count", new { exact = true }, ct);
            if (!r.IsSuccessStatusCode) return 0;
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync(ct));
            return doc.RootElement.GetProperty("result").GetProperty("count").GetInt64();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Every point of a collection (id, payload and vectors) as canonical JSON, sorted.</summary>
    public static Task<List<string>> SnapshotAsync(QdrantFixture qdrant, string collection, CancellationToken ct) => SnapshotAsync(qdrant.Endpoint, collection, ct);

    /// <summary>Every point of a collection of the Qdrant at <paramref name="endpoint"/>, as canonical JSON, sorted.</summary>
    public static async Task<List<string>> SnapshotAsync(Uri endpoint, string collection, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        var points = new List<string>();
        object? offset = null;
        do
        {
            using var r = await http.PostAsJsonAsync($"collections/{collection}/points/scroll",
                new Dictionary<string, object?> { ["limit"] = 256, ["with_payload"] = true, ["with_vector"] = true, ["offset"] = offset }, ct);
            r.EnsureSuccessStatusCode();
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync(ct));
            var result = doc.RootElement.GetProperty("result");
            points.AddRange(result.GetProperty("points").EnumerateArray().Select(Canonical));
            var next = result.GetProperty("next_page_offset");
            offset = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (offset is not null);
        points.Sort(StringComparer.Ordinal);
        return points;
    }

    /// <summary>The <c>report_id</c> of every point in a snapshot.</summary>
    public static IEnumerable<string> ReportIds(IEnumerable<string> snapshot) =>
        snapshot.Select(p => JsonDocument.Parse(p).RootElement.GetProperty("payload").GetProperty("report_id").GetString()!);

    /// <summary>JSON with object keys sorted (Qdrant does not keep payload key order).</summary>
    public static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        _ => e.GetRawText(),
    };

    /// <summary>
    /// Records a figure of a check (test output and <c>artifacts/reliability/figures.tsv</c> at the repository root), so
    /// <c>docs/reliability.md</c> can be updated from the last run.
    /// </summary>
    public static void Record(string check, string figures)
    {
        var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\t{check}\t{figures}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(TestPaths.RepositoryRoot, "artifacts", "reliability")).FullName;
            lock (RecordLock) File.AppendAllText(Path.Combine(dir, "figures.tsv"), line + Environment.NewLine);
        }
        catch (IOException)
        {
        }
    }

    private static readonly object RecordLock = new();

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
