using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using ReportBot.Tests.Support;

namespace ReportBot.Tests.Scale;

/// <summary>
/// The real web host pointed at a Qdrant gRPC endpoint (a single node or a cluster) with a shard layout, on the real corpus
/// unless <paramref name="corpus"/> names another folder. The corpus is synced once at start.
/// </summary>
internal sealed class ClusterBot(Uri qdrant, int shards, int replicas, string? corpus = null) : WebApplicationFactory<Program>
{
    private readonly string _data = TestPaths.NewTempFolder("cluster-bot");

    public string Prefix { get; } = "cluster_" + Guid.NewGuid().ToString("N")[..10];

    public string CorpusFolder => corpus ?? TestPaths.Corpus;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ReportBot:Qdrant:Endpoint", qdrant.ToString());
        builder.UseSetting("ReportBot:Qdrant:CollectionPrefix", Prefix);
        builder.UseSetting("ReportBot:Qdrant:ShardNumber", shards.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("ReportBot:Qdrant:ReplicationFactor", replicas.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("ReportBot:Qdrant:TimeoutSeconds", "10");
        builder.UseSetting("ReportBot:Corpus:Path", CorpusFolder);
        builder.UseSetting("ReportBot:DataPath", _data);
        builder.UseSetting("ReportBot:SyncIntervalSeconds", "0");
        builder.UseSetting("ReportBot:Embeddings:CachePath", TestPaths.WordVectorCache);
        builder.UseSetting("ReportBot:Web:RateLimitPermits", "0");
    }

    public async Task<HttpClient> ReadyClientAsync(CancellationToken ct)
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            using var r = await client.GetAsync("/health/ready", ct);
            if (r.StatusCode == HttpStatusCode.OK) return client;
            await Task.Delay(200, ct);
        }
        throw new TimeoutException("The bot did not become ready.");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }
}
