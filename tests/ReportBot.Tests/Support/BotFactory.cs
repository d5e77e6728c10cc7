using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ReportBot.Tests.Qdrant;

namespace ReportBot.Tests.Support;

/// <summary>
/// The real web host (Program) over real HTTP semantics, pointed at a real Qdrant from a fixture, a corpus folder and a
/// temp data folder. Collections get a unique prefix, so hosts never share an index.
/// </summary>
public sealed class BotFactory(QdrantFixture qdrant, string corpusPath, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string DataPath { get; } = TestPaths.NewTempFolder("bot-data");

    public string CollectionPrefix { get; } = "bot_" + Guid.NewGuid().ToString("N")[..10];

    private readonly List<string> _otherDataPaths = [];

    /// <summary>
    /// A second host over the same index with its own data folder (conversations, feedback, the channels' work queue),
    /// deleted with this factory. Hosts running side by side must not share a data folder: they would share the queue,
    /// and one host's workers could answer what the other acknowledged.
    /// </summary>
    public WebApplicationFactory<Program> WithOwnDataPath(Action<IWebHostBuilder> configure) => WithDataPath(NewDataPath(), configure);

    /// <summary>A host over the same index on the data folder <paramref name="dataPath"/> (e.g. one a stopped host left).</summary>
    public WebApplicationFactory<Program> WithDataPath(string dataPath, Action<IWebHostBuilder> configure) =>
        WithWebHostBuilder(b =>
        {
            b.UseSetting("ReportBot:DataPath", dataPath);
            configure(b);
        });

    /// <summary>A new, empty data folder, deleted with this factory.</summary>
    public string NewDataPath()
    {
        var data = TestPaths.NewTempFolder("bot-data");
        lock (_otherDataPaths) _otherDataPaths.Add(data);
        return data;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ReportBot:Qdrant:Endpoint", qdrant.GrpcEndpoint.ToString());
        builder.UseSetting("ReportBot:Qdrant:CollectionPrefix", CollectionPrefix);
        builder.UseSetting("ReportBot:Qdrant:TimeoutSeconds", "2");
        builder.UseSetting("ReportBot:Qdrant:RetryCount", "1");
        builder.UseSetting("ReportBot:Corpus:Path", corpusPath);
        builder.UseSetting("ReportBot:DataPath", DataPath);
        builder.UseSetting("ReportBot:SyncIntervalSeconds", "1");
        builder.UseSetting("ReportBot:Embeddings:CachePath", TestPaths.WordVectorCache);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(k, v);
    }

    /// <summary>Waits until /health/ready says the corpus is indexed.</summary>
    public async Task<HttpClient> ReadyClientAsync(TimeSpan? timeout = null)
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            using var r = await client.GetAsync("/health/ready");
            if (r.StatusCode == HttpStatusCode.OK) return client;
            await Task.Delay(200);
        }
        throw new TimeoutException("The bot did not become ready.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var path in _otherDataPaths.Append(DataPath))
            try { Directory.Delete(path, recursive: true); } catch (IOException) { }
    }
}
