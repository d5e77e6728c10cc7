using System.Collections.Concurrent;
using ReportBot.Infrastructure.Qdrant;
using Xunit;

namespace ReportBot.Tests.Qdrant;

/// <summary>
/// One real local Qdrant (free ports, storage in a temp folder) shared by the tests of the <c>"qdrant"</c> collection.
/// Use <see cref="CreateIndex"/> for an index over collections nobody else uses.
/// </summary>
public sealed class QdrantFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<QdrantIndex> _indexes = [];
    private QdrantProcess? _process;

    /// <summary>Temp folder holding the server's storage; deleted at the end.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "reportbot-qdrant-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The running server (tests may kill and restart it; they must leave it running).</summary>
    public QdrantProcess Process => _process ?? throw new InvalidOperationException("Qdrant is not started.");

    /// <summary>REST endpoint of the server.</summary>
    public Uri Endpoint => Process.Endpoint;

    /// <summary>gRPC endpoint of the server (what the bot and <see cref="CreateIndex"/> use; tests read Qdrant's state through it with <see cref="QdrantReads"/>).</summary>
    public Uri GrpcEndpoint => Process.GrpcEndpoint;

    /// <summary>An index whose collections are named <c>{collectionPrefix}_{random}_...</c>, so tests don't interfere.</summary>
    public QdrantIndex CreateIndex(string collectionPrefix, Action<QdrantOptions>? configure = null, HttpMessageHandler? handler = null)
    {
        var options = new QdrantOptions { CollectionPrefix = $"{collectionPrefix}_{Guid.NewGuid().ToString("N")[..10]}" };
        configure?.Invoke(options);
        var index = new QdrantIndex(GrpcEndpoint, options, handler: handler);
        _indexes.Add(index);
        return index;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Several collections start their Qdrant at the same moment on a 2-core machine that is also building and JIT-compiling,
    /// so a start may take longer than the bot's default 20 s: a collection whose fixture fails loses every test in it.
    /// </remarks>
    public async ValueTask InitializeAsync() =>
        _process = await QdrantProcess.StartNewAsync(new QdrantOptions { StartupTimeoutSeconds = 90 }, DataDirectory, cancellationToken: TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var index in _indexes)
            index.Dispose();
        if (_process is not null)
            await _process.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Tests that use the shared local Qdrant: <c>[Collection("qdrant")]</c>.</summary>
[CollectionDefinition("qdrant")]
public sealed class QdrantCollection : ICollectionFixture<QdrantFixture>;
