using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReportBot.Infrastructure.Qdrant;

namespace ReportBot.Infrastructure.Hosting;

/// <summary>
/// Where Qdrant is: the configured endpoint, or a local Qdrant this host starts on 127.0.0.1 (storage under the data
/// path), watches (restarting it if it dies) and stops on exit.
/// </summary>
public sealed class QdrantHost : IHostedService, IAsyncDisposable
{
    private readonly ILogger<QdrantHost> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _watchdog;
    private int _stopped;
    private readonly string? _dataPath;
    private DataFolderLock? _lock;

    public QdrantHost(IOptions<QdrantOptions> options, IOptions<ReportBotOptions> root, ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger<QdrantHost>();
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.Endpoint))
        {
            Endpoint = new Uri(o.Endpoint.TrimEnd('/') + "/");
            return;
        }
        _dataPath = RepositoryPaths.Resolve(root.Value.DataPath);
        var dataDir = Path.Combine(_dataPath, "qdrant");
        Directory.CreateDirectory(dataDir);
        Process = new QdrantProcess(o, dataDir, loggers.CreateLogger<QdrantProcess>());
        Endpoint = Process.GrpcEndpoint;
    }

    /// <summary>gRPC endpoint of Qdrant (the configured one, or the local server's loopback gRPC port).</summary>
    public Uri Endpoint { get; }

    /// <summary>The local Qdrant, or null when an endpoint is configured.</summary>
    public QdrantProcess? Process { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Process is null)
        {
            _logger.LogInformation("Using the Qdrant server at {Endpoint}", Endpoint);
            return;
        }
        // Two Qdrants on one storage folder fail deep inside Qdrant ("Can't init WAL: WouldBlock"): say so at once instead.
        _lock ??= DataFolderLock.Acquire(_dataPath!);
        await Process.StartAsync(cancellationToken);
        _logger.LogInformation("Started a local Qdrant at {Endpoint} (storage {Storage})", Endpoint, Process.DataDirectory);
        _watchdog = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                if (Process is { IsRunning: false } && !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning("The local Qdrant stopped; restarting it");
                    await Process.StartAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                _logger.LogError(e, "Restarting the local Qdrant failed; retrying");
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stopping.CancelAsync();
        if (_watchdog is not null) await _watchdog.ConfigureAwait(false);
        if (Process is not null) await Process.StopAsync(cancellationToken);
        _lock?.Dispose();
        _lock = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        if (Process is not null) await Process.DisposeAsync();
    }
}
