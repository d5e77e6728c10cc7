using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using ReportBot.Infrastructure.Qdrant;
using Xunit;

namespace ReportBot.Tests.Scale;

/// <summary>
/// A Qdrant cluster in distributed mode on loopback: <see cref="NodeCount"/> nodes (3 by default), each its own process
/// with its own storage, HTTP, gRPC and peer-to-peer ports; node 0 starts the consensus and the others bootstrap from it.
/// Ready when every node answers <c>/readyz</c> and node 0 sees every peer. Nodes can be stopped and started again
/// (<see cref="StopNodeAsync"/> / <see cref="StartNodeAsync"/>) on the same ports and storage.
/// </summary>
public class QdrantClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    /// <summary>Tries at starting the cluster: a port found free can be taken by another process before a node binds it.</summary>
    private const int StartAttempts = 3;
    private Node[] _nodes;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>A cluster of three nodes.</summary>
    public QdrantClusterFixture() : this(3) { }

    /// <summary>A cluster of <paramref name="nodeCount"/> nodes.</summary>
    protected QdrantClusterFixture(int nodeCount)
    {
        RootDirectory = Path.Combine(Path.GetTempPath(), "reportbot-cluster-" + Guid.NewGuid().ToString("N")[..10]);
        _nodes = NewNodes(nodeCount, 1);
    }

    /// <summary>Nodes on ports free now, with their storage under a folder of their own for this attempt.</summary>
    private Node[] NewNodes(int count, int attempt) =>
        Enumerable.Range(0, count).Select(i => new Node(i, Path.Combine(RootDirectory, $"attempt{attempt}", $"node{i}"), FreePort(), FreePort(), FreePort())).ToArray();

    /// <summary>Folder holding every node's storage; deleted at the end.</summary>
    public string RootDirectory { get; }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>gRPC endpoint of each node (any node serves any collection; tests read each node's replicas through it).</summary>
    public IReadOnlyList<Uri> GrpcEndpoints => _nodes.Select(n => n.GrpcEndpoint).ToList();

    /// <summary>gRPC endpoint of node 0, the bootstrap node (what the bot's Qdrant.Client talks to).</summary>
    public Uri GrpcEndpoint => _nodes[0].GrpcEndpoint;

    /// <summary>True while node <paramref name="i"/> runs.</summary>
    public bool IsRunning(int i) => _nodes[i].Process is { HasExited: false };

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartClusterAsync();
                return;
            }
            catch (NodeExitedException) when (attempt < StartAttempts)
            {
                // A node that could not bind its port exits at once: the whole cluster starts again on other ports.
                await StopAllAsync();
                _nodes = NewNodes(_nodes.Length, attempt + 1);
            }
        }
    }

    private async Task StartClusterAsync()
    {
        foreach (var node in _nodes)
        {
            Start(node);
            // Peers join one at a time: each waits until the consensus has taken in the previous one.
            await WaitAsync(() => ClusterPeersAsync(_nodes[0]), peers => peers >= node.Index + 1, $"node {node.Index} to join");
        }
        foreach (var node in _nodes) await WaitAsync(() => ReadyAsync(node), ok => ok, $"node {node.Index} to be ready");
    }

    /// <summary>Stops node <paramref name="i"/> (SIGKILL: a crash; its storage is kept).</summary>
    public async Task StopNodeAsync(int i)
    {
        if (_nodes[i].Process is not { HasExited: false } p) return;
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
    }

    /// <summary>Starts node <paramref name="i"/> again on its ports and storage and waits until it is ready.</summary>
    public async Task StartNodeAsync(int i)
    {
        if (IsRunning(i)) return;
        Start(_nodes[i]);
        await WaitAsync(() => ReadyAsync(_nodes[i]), ok => ok, $"node {i} to be ready");
    }

    /// <summary>Number of peers node <paramref name="i"/> knows in the consensus (0 when it does not answer).</summary>
    public Task<int> PeerCountAsync(int i) => ClusterPeersAsync(_nodes[i]);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        _http.Dispose();
        try { Directory.Delete(RootDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        GC.SuppressFinalize(this);
    }

    private async Task StopAllAsync()
    {
        for (var i = _nodes.Length - 1; i >= 0; i--)
        {
            if (_nodes[i].Process is { } p)
            {
                if (!p.HasExited) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
                p.Dispose();
                _nodes[i].Process = null;
            }
        }
    }

    private void Start(Node node)
    {
        Directory.CreateDirectory(node.Directory);
        var bootstrap = node.Index == 0
            ? $"--uri http://127.0.0.1:{node.P2pPort}"
            : $"--bootstrap http://127.0.0.1:{_nodes[0].P2pPort} --uri http://127.0.0.1:{node.P2pPort}";
        // A node that already joined keeps its peer id and the consensus state in its storage: it restarts with --uri only.
        if (node.Index != 0 && node.Started) bootstrap = $"--uri http://127.0.0.1:{node.P2pPort}";
        var info = new ProcessStartInfo(QdrantProcess.ResolveBinaryPath(null), $"--disable-telemetry {bootstrap}")
        {
            WorkingDirectory = node.Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["QDRANT__SERVICE__HOST"] = "127.0.0.1";
        info.Environment["QDRANT__SERVICE__HTTP_PORT"] = node.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["QDRANT__SERVICE__GRPC_PORT"] = node.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["QDRANT__CLUSTER__ENABLED"] = "true";
        info.Environment["QDRANT__CLUSTER__P2P__PORT"] = node.P2pPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["QDRANT__STORAGE__STORAGE_PATH"] = Path.Combine(node.Directory, "storage");
        info.Environment["QDRANT__STORAGE__SNAPSHOTS_PATH"] = Path.Combine(node.Directory, "snapshots");
        info.Environment["QDRANT__TELEMETRY_DISABLED"] = "true";
        node.Process?.Dispose();
        var p = Process.Start(info)!;
        p.OutputDataReceived += (_, e) => node.Remember(e.Data);
        p.ErrorDataReceived += (_, e) => node.Remember(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        node.Process = p;
        node.Started = true;
    }

    // REST on purpose: readiness (/readyz) and the peers of the consensus (/cluster) have no call in Qdrant.Client's gRPC API.
    private async Task<bool> ReadyAsync(Node node)
    {
        try
        {
            using var r = await _http.GetAsync(new Uri(node.Endpoint, "readyz"));
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException) { return false; }
        catch (TaskCanceledException) { return false; }
    }

    private async Task<int> ClusterPeersAsync(Node node)
    {
        try
        {
            using var r = await _http.GetAsync(new Uri(node.Endpoint, "cluster"));
            if (!r.IsSuccessStatusCode) return 0;
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            return doc.RootElement.GetProperty("result").TryGetProperty("peers", out var peers) ? peers.EnumerateObject().Count() : 0;
        }
        catch (HttpRequestException) { return 0; }
        catch (TaskCanceledException) { return 0; }
        catch (JsonException) { return 0; }
    }

    private async Task WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_nodes.FirstOrDefault(n => n.Started && n.Process is { HasExited: true }) is { } exited)
                throw new NodeExitedException($"Qdrant node {exited.Index} exited while waiting for {what}. Its last output: {exited.LastErrors()}");
            if (done(await probe())) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Timed out waiting for {what}.");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class Node(int index, string directory, int httpPort, int grpcPort, int p2pPort)
    {
        public int Index { get; } = index;
        public string Directory { get; } = directory;
        public int HttpPort { get; } = httpPort;
        public int GrpcPort { get; } = grpcPort;
        public int P2pPort { get; } = p2pPort;
        public Uri Endpoint => new($"http://127.0.0.1:{HttpPort}/");
        public Uri GrpcEndpoint => new($"http://127.0.0.1:{GrpcPort}/");
        public Process? Process { get; set; }
        public bool Started { get; set; }
        private readonly Queue<string> _errors = new();

        /// <summary>Keeps the last lines the node wrote (why it exited, when it does).</summary>
        public void Remember(string? line)
        {
            if (line is null) return;
            lock (_errors)
            {
                _errors.Enqueue(line);
                while (_errors.Count > 10) _errors.Dequeue();
            }
        }

        public string LastErrors()
        {
            lock (_errors) return _errors.Count == 0 ? "(none)" : string.Join(" | ", _errors);
        }
    }

    private sealed class NodeExitedException(string message) : InvalidOperationException(message);
}

/// <summary>Tests that share one 3-node cluster: <c>[Collection("qdrant-cluster")]</c>.</summary>
[CollectionDefinition("qdrant-cluster")]
public sealed class QdrantClusterCollection : ICollectionFixture<QdrantClusterFixture>;
