using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Qdrant;
using ReportBot.Tests.Qdrant;
using Xunit;

namespace ReportBot.Tests.Support;

/// <summary>ReportBot's real service graph (as the CLI builds it) over a fixture's Qdrant and a corpus folder.</summary>
internal sealed class TestServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public TestServices(QdrantFixture qdrant, string corpus, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Corpus = corpus;
        DataPath = TestPaths.NewTempFolder("svc-data");
        var values = new Dictionary<string, string?>
        {
            ["ReportBot:Qdrant:Endpoint"] = qdrant.GrpcEndpoint.ToString(),
            ["ReportBot:Qdrant:CollectionPrefix"] = "svc_" + Guid.NewGuid().ToString("N")[..10],
            ["ReportBot:Corpus:Path"] = corpus,
            ["ReportBot:DataPath"] = DataPath,
            ["ReportBot:Embeddings:CachePath"] = TestPaths.WordVectorCache,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) values[k] = v;
        var config = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddReportBot(syncInBackground: false).BuildServiceProvider();
    }

    public string Corpus { get; }
    public string DataPath { get; }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public IngestionPipeline Pipeline => Get<IngestionPipeline>();
    public AnswerService Answers => Get<AnswerService>();
    public QdrantIndex Index => (QdrantIndex)Get<IVectorIndex>();

    public Task<IngestionSummary> SyncAsync() => Pipeline.SyncAsync(Corpus, null, TestContext.Current.CancellationToken);

    public Task<AnswerResult> AskAsync(string question, params ChatTurn[] history) =>
        Answers.AnswerAsync(new AnswerRequest(question, history), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        try { Directory.Delete(DataPath, recursive: true); } catch (IOException) { }
    }
}
