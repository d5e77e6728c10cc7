using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>The reliability tests' own Qdrant (they kill and restart it).</summary>
[CollectionDefinition("reliability")]
public sealed class ReliabilityCollection : ICollectionFixture<QdrantFixture>;

/// <summary>Shared pieces of the reliability tests: corpora, settings for a child server and figures (index snapshots: <see cref="QdrantReads"/>).</summary>
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
