using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ReportBot.Infrastructure.Qdrant;

/// <summary>
/// A local Qdrant server process, its REST and gRPC ports both bound to 127.0.0.1 (<c>QDRANT__SERVICE__HOST</c>), with its storage under a data folder. Ports are chosen once
/// (free ones when the options say 0), so <see cref="StartAsync"/> after <see cref="StopAsync"/> or
/// <see cref="KillAsync"/> restarts it on the same endpoint and storage.
/// </summary>
public sealed class QdrantProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    private readonly string _binaryPath;
    private readonly TimeSpan _startupTimeout;
    private readonly ILogger _logger;
    private readonly Queue<string> _lastOutput = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;

    /// <summary>Prepares (does not start) a local Qdrant. <paramref name="dataDirectory"/> holds storage, snapshots and the working directory.</summary>
    /// <exception cref="FileNotFoundException">The Qdrant binary is not installed.</exception>
    public QdrantProcess(QdrantOptions options, string dataDirectory, ILogger<QdrantProcess>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        _binaryPath = ResolveBinaryPath(options.BinaryPath);
        _startupTimeout = TimeSpan.FromSeconds(options.StartupTimeoutSeconds > 0 ? options.StartupTimeoutSeconds : 20);
        _logger = logger ?? NullLogger<QdrantProcess>.Instance;
        DataDirectory = Path.GetFullPath(dataDirectory);
        (HttpPort, GrpcPort) = ChoosePorts(options.HttpPort, options.GrpcPort);
        Endpoint = new Uri($"http://127.0.0.1:{HttpPort}/");
        GrpcEndpoint = new Uri($"http://127.0.0.1:{GrpcPort}/");
    }

    /// <summary>REST endpoint, e.g. <c>http://127.0.0.1:6333/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>gRPC endpoint (what the index talks to), e.g. <c>http://127.0.0.1:6334/</c>; bound to loopback like the REST port.</summary>
    public Uri GrpcEndpoint { get; }

    /// <summary>HTTP (REST) port.</summary>
    public int HttpPort { get; }

    /// <summary>gRPC port.</summary>
    public int GrpcPort { get; }

    /// <summary>Folder holding <c>storage/</c> and <c>snapshots/</c>; also the process's working directory.</summary>
    public string DataDirectory { get; }

    /// <summary>True while the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a Qdrant and waits until it answers <c>/readyz</c>.</summary>
    /// <remarks>
    /// Ports chosen here (both left at 0 in the options) are free when chosen, but another program may take one before Qdrant binds it
    /// (likelier when several servers start at once, as in the test suite): Qdrant then exits with "Address already in use", and a
    /// new server on newly chosen ports is started instead, up to <see cref="PortRaceAttempts"/> times.
    /// </remarks>
    public static async Task<QdrantProcess> StartNewAsync(QdrantOptions options, string dataDirectory, ILogger<QdrantProcess>? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var portsChosenHere = options.HttpPort == 0 && options.GrpcPort == 0;
        for (var attempt = 1; ; attempt++)
        {
            var process = new QdrantProcess(options, dataDirectory, logger);
            try
            {
                await process.StartAsync(cancellationToken);
                return process;
            }
            catch (InvalidOperationException e) when (portsChosenHere && attempt < PortRaceAttempts && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                process._logger.LogWarning("A port chosen for Qdrant ({HttpPort}, {GrpcPort}) was taken before it bound it (attempt {Attempt}); choosing others", process.HttpPort, process.GrpcPort, attempt);
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>How many servers <see cref="StartNewAsync"/> starts, each on newly chosen ports, when a chosen port was taken.</summary>
    private const int PortRaceAttempts = 3;

    /// <summary>Starts the process (no-op if running) and waits until it is ready.</summary>
    /// <exception cref="InvalidOperationException">The process exited during startup (message holds its last output).</exception>
    /// <exception cref="TimeoutException">Not ready within the startup timeout (the process is killed).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsRunning)
                return;
            _process?.Dispose();
            _process = null;
            Directory.CreateDirectory(DataDirectory);
            for (var attempt = 0; ; attempt++)
            {
                lock (_lastOutput)
                    _lastOutput.Clear();
                // A Qdrant left running on this data path by a bot that was killed holds the storage lock: stop it first.
                await StopLeftoversAsync(cancellationToken);
                var info = LaunchInfo();
                info.WorkingDirectory = DataDirectory;
                info.UseShellExecute = false;
                info.RedirectStandardOutput = true;
                info.RedirectStandardError = true;
                info.RedirectStandardInput = false;
                info.Environment["QDRANT__SERVICE__HOST"] = "127.0.0.1";
                info.Environment["QDRANT__SERVICE__HTTP_PORT"] = HttpPort.ToString();
                info.Environment["QDRANT__SERVICE__GRPC_PORT"] = GrpcPort.ToString();
                info.Environment["QDRANT__STORAGE__STORAGE_PATH"] = Path.Combine(DataDirectory, "storage");
                info.Environment["QDRANT__STORAGE__SNAPSHOTS_PATH"] = Path.Combine(DataDirectory, "snapshots");
                info.Environment["QDRANT__TELEMETRY_DISABLED"] = "true";

                var process = new Process { StartInfo = info, EnableRaisingEvents = true };
                process.OutputDataReceived += (_, e) => OnOutput(e.Data);
                process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
                process.Exited += (_, _) => _logger.LogInformation("Qdrant at {Endpoint} exited", Endpoint);
                ChildLauncher.Start(process);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                _process = process;
                WritePidFile(process.Id);
                _logger.LogInformation("Started Qdrant (pid {Pid}) at {Endpoint} (gRPC {GrpcEndpoint}), data in {DataDirectory}{Launcher}", process.Id, Endpoint, GrpcEndpoint, DataDirectory,
                    ParentDeathLauncher is null ? "" : " (stopped by the kernel if the bot dies)");

                try
                {
                    await WaitUntilReadyAsync(process, cancellationToken);
                }
                catch (InvalidOperationException) when (attempt < StorageLockRetries && LastOutput().Contains("WouldBlock", StringComparison.Ordinal))
                {
                    // The storage was still locked by a Qdrant on its way out: start again once it is gone.
                    _logger.LogWarning("Qdrant found its storage still locked (attempt {Attempt}); starting again", attempt + 1);
                    _process = null;
                    process.Dispose();
                    await Task.Delay(StorageLockRetryDelay, cancellationToken);
                    continue;
                }
                return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts after a failure on a storage lock held by a Qdrant still exiting: this many times, this far apart.</summary>
    private const int StorageLockRetries = 10;
    private static readonly TimeSpan StorageLockRetryDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>Stops gracefully (SIGTERM; killed if still running after 10 s).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_process is not { HasExited: false } process)
                return;
            if (OperatingSystem.IsWindows() || SysKill(process.Id, 15 /* SIGTERM */) != 0)
                process.Kill(entireProcessTree: true);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(StopGracePeriod);
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Qdrant (pid {Pid}) did not stop within {Seconds} s; killing it", process.Id, StopGracePeriod.TotalSeconds);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            DeletePidFile(process.Id);
            _logger.LogInformation("Stopped Qdrant at {Endpoint}", Endpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the process at once (SIGKILL), e.g. to simulate a crash.</summary>
    public async Task KillAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is not { HasExited: false } process)
                return;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            DeletePidFile(process.Id);
            _logger.LogInformation("Killed Qdrant at {Endpoint}", Endpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the process. The data folder is left in place.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>
    /// The configured binary path, or <see cref="QdrantOptions.DefaultBinaryRelativePath"/> under the folder holding
    /// ReportBot.sln (searched upwards from the application folder and the current directory).
    /// </summary>
    /// <exception cref="FileNotFoundException">No binary there; the message names the install script.</exception>
    public static string ResolveBinaryPath(string? configured)
    {
        string? path = null;
        if (!string.IsNullOrWhiteSpace(configured))
            path = Path.GetFullPath(configured);
        else
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "ReportBot.sln")))
                    {
                        path = Path.Combine(dir.FullName, QdrantOptions.DefaultBinaryRelativePath);
                        break;
                    }
                }
                if (path is not null)
                    break;
            }
        }

        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Qdrant binary not found{(path is null ? " (no ReportBot.sln above the application folder or the current directory)" : $" at {path}")}. " +
                "Install it with scripts/install-tools.sh, set ReportBot:Qdrant:BinaryPath, or set ReportBot:Qdrant:Endpoint to use a running Qdrant.",
                path);
        }
        return path;
    }

    /// <summary>The pid file of the Qdrant this data path runs (<c>{DataDirectory}/qdrant.pid</c>).</summary>
    public string PidFile => Path.Combine(DataDirectory, "qdrant.pid");

    /// <summary>
    /// <c>setpriv</c> (util-linux, on every Debian) when present: it sets the parent-death signal (SIGTERM) and then
    /// executes Qdrant, so the kernel stops Qdrant when the bot dies, even by SIGKILL. Null elsewhere (the pid file then
    /// lets the next start stop a leftover).
    /// </summary>
    internal static string? ParentDeathLauncher { get; } =
        OperatingSystem.IsLinux() ? new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists) : null;

    private ProcessStartInfo LaunchInfo()
    {
        if (ParentDeathLauncher is null)
            return new ProcessStartInfo(_binaryPath) { ArgumentList = { "--disable-telemetry" } };
        return new ProcessStartInfo(ParentDeathLauncher) { ArgumentList = { "--pdeathsig", "TERM", "--", _binaryPath, "--disable-telemetry" } };
    }

    private void WritePidFile(int pid)
    {
        try { File.WriteAllText(PidFile, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"); }
        catch (IOException e) { _logger.LogWarning("Could not write {PidFile}: {Reason}", PidFile, e.Message); }
        catch (UnauthorizedAccessException e) { _logger.LogWarning("Could not write {PidFile}: {Reason}", PidFile, e.Message); }
    }

    private void DeletePidFile(int pid)
    {
        try
        {
            if (File.Exists(PidFile) && File.ReadAllText(PidFile).Trim() == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                File.Delete(PidFile);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Stops a Qdrant of this bot's own left running on this data path (its parent was killed before it could stop it):
    /// the process named by the pid file, or any process, whose executable is this Qdrant binary and whose working
    /// directory is this data path (<c>/proc/&lt;pid&gt;/exe</c> and <c>cwd</c>). SIGTERM, then SIGKILL after the grace period.
    /// Any other process, a reused pid included, is left alone.
    /// </summary>
    internal async Task StopLeftoversAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var candidates = new SortedSet<int>();
        try
        {
            if (File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var filed))
                candidates.Add(filed);
        }
        catch (IOException) { }
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
                candidates.Add(pid);
        var own = Environment.ProcessId;
        foreach (var pid in candidates)
        {
            if (pid == own || !IsOurQdrant(pid))
                continue;
            _logger.LogWarning("Stopping a Qdrant (pid {Pid}) left running on {DataDirectory} by an earlier run", pid, DataDirectory);
            if (SysKill(pid, 15 /* SIGTERM */) != 0)
                continue; // gone meanwhile
            var watch = Stopwatch.StartNew();
            while (IsAlive(pid) && watch.Elapsed < StopGracePeriod)
                await Task.Delay(50, cancellationToken);
            if (IsAlive(pid))
            {
                _logger.LogWarning("The leftover Qdrant (pid {Pid}) did not stop within {Seconds} s; killing it", pid, StopGracePeriod.TotalSeconds);
                if (SysKill(pid, 9 /* SIGKILL */) != 0)
                    continue;
                while (IsAlive(pid) && watch.Elapsed < StopGracePeriod * 2)
                    await Task.Delay(50, cancellationToken);
            }
        }
    }

    private bool IsOurQdrant(int pid)
    {
        var exe = ReadLink($"/proc/{pid}/exe");
        if (exe is null)
            return false;
        const string deleted = " (deleted)";
        if (exe.EndsWith(deleted, StringComparison.Ordinal))
            exe = exe[..^deleted.Length];
        var cwd = ReadLink($"/proc/{pid}/cwd");
        return SamePath(exe, _binaryPath) && cwd is not null && SamePath(cwd, DataDirectory);
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            // A zombie (exited, not yet reaped by its new parent) no longer holds the storage lock, once all its threads
            // have gone: a main thread already a zombie while others still close their files holds it yet (a new Qdrant
            // started then failed with "Can't init WAL: WouldBlock").
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X') || Directory.EnumerateDirectories($"/proc/{pid}/task").Skip(1).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? ReadLink(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static bool SamePath(string a, string b) => string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);

    /// <summary>
    /// The path with every symbolic link along it resolved, as <c>/proc/&lt;pid&gt;/exe</c> gives it: a binary configured
    /// through a linked folder ("tools/node_modules" → elsewhere) is the same file as the one running.
    /// </summary>
    internal static string RealPath(string path, int depth = 0)
    {
        var current = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            string? target = null;
            try { target = new FileInfo(next).LinkTarget; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            // A link's target may itself lie under links: it is resolved whole (at most 40 links deep, as the kernel does).
            current = target is null || depth >= 40 ? next : RealPath(Path.GetFullPath(target, current), depth + 1);
        }
        return current;
    }

    private async Task<bool> GrpcPortOpenAsync(CancellationToken cancellationToken)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await tcp.ConnectAsync(System.Net.IPAddress.Loopback, GrpcPort, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken); // flushes the output readers
                throw new InvalidOperationException(
                    $"Qdrant exited with code {process.ExitCode} during startup. Last output:{Environment.NewLine}{LastOutput()}");
            }
            try
            {
                using var response = await http.GetAsync("readyz", cancellationToken);
                // Qdrant opens its REST port before its gRPC one: ready means both accept connections (a restarted Qdrant
                // answered /readyz while the bot's gRPC calls were still refused).
                if (response.IsSuccessStatusCode && await GrpcPortOpenAsync(cancellationToken))
                {
                    _logger.LogInformation("Qdrant ready at {Endpoint} after {Ms} ms", Endpoint, watch.ElapsedMilliseconds);
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            if (watch.Elapsed > _startupTimeout)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(
                    $"Qdrant at {Endpoint} was not ready within {_startupTimeout.TotalSeconds} s. Last output:{Environment.NewLine}{LastOutput()}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
            return;
        _logger.LogDebug("qdrant: {Line}", line);
        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            while (_lastOutput.Count > OutputLinesKept)
                _lastOutput.Dequeue();
        }
    }

    private string LastOutput()
    {
        lock (_lastOutput)
            return string.Join(Environment.NewLine, _lastOutput);
    }

    private static (int Http, int Grpc) ChoosePorts(int http, int grpc)
    {
        // Both listeners are held until both ports are known, so the two ports differ.
        using var a = http == 0 ? new TcpListener(IPAddress.Loopback, 0) : null;
        using var b = grpc == 0 ? new TcpListener(IPAddress.Loopback, 0) : null;
        a?.Start();
        b?.Start();
        return (a is null ? http : ((IPEndPoint)a.LocalEndpoint).Port, b is null ? grpc : ((IPEndPoint)b.LocalEndpoint).Port);
    }

    /// <summary>
    /// Starts child processes from one thread that lives as long as the process: the kernel's parent-death signal fires
    /// when the thread that forked the child ends, so a pool thread (which may retire) must not start Qdrant.
    /// </summary>
    private static class ChildLauncher
    {
        private static readonly System.Collections.Concurrent.BlockingCollection<(Process Process, TaskCompletionSource Done)> Work = [];
        private static readonly Thread Thread = CreateThread();

        public static void Start(Process process)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Thread;
            Work.Add((process, done));
            done.Task.GetAwaiter().GetResult();
        }

        private static Thread CreateThread()
        {
            var thread = new Thread(() =>
            {
                foreach (var (process, done) in Work.GetConsumingEnumerable())
                {
                    try { process.Start(); done.SetResult(); }
                    catch (Exception e) { done.SetException(e); }
                }
            })
            { IsBackground = true, Name = "ReportBot child launcher" };
            thread.Start();
            return thread;
        }
    }

    // DllImport (not LibraryImport): the latter needs AllowUnsafeBlocks, and int→int needs no marshalling.
    [DllImport("libc", EntryPoint = "kill")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SysKill(int pid, int signal);
}
