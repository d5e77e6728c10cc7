using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using ReportBot.Tests.Support;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// The real server (<c>ReportBot.Server.dll</c> of the same build configuration as the tests) as a child process on
/// 127.0.0.1, configured only through <c>ReportBot__...</c> environment variables, so a test can SIGKILL it and start it
/// again on the same data path. Its stdout and stderr are captured line by line.
/// Each run listens on a port the kernel gives it (<c>--urls http://127.0.0.1:0</c>), read from Kestrel's "Now listening
/// on:" line: a port chosen by the test and released before the server bound it could be taken in between by any other
/// socket of the parallel suite (a CI run failed so, the server exiting before it had written a point).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <param name="environment">Settings as environment variables (<c>ReportBot__Qdrant__Endpoint</c> ...).</param>
    public ServerProcess(IReadOnlyDictionary<string, string> environment)
    {
        _environment = new Dictionary<string, string>(environment);
    }

    private readonly List<HttpClient> _clients = [];
    private TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpClient? _http;

    /// <summary>
    /// <c>http://127.0.0.1:{port}/</c> of the current run: waits until the server says where it listens, and throws with
    /// the server's last output if it exits first.
    /// </summary>
    public Uri BaseAddress => _listening.Task.WaitAsync(TimeSpan.FromSeconds(90)).GetAwaiter().GetResult();

    /// <summary>The port of the current run (a restart gets a new one).</summary>
    public int Port => BaseAddress.Port;

    /// <summary>A client for the current run of the server.</summary>
    public HttpClient Http
    {
        get
        {
            if (_http is null)
            {
                _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
                _clients.Add(_http);
            }
            return _http;
        }
    }

    /// <summary>Every line the server wrote to stdout or stderr, over all its runs.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>True while the child process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Id of the running child process.</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("Not started.");

    /// <summary>Path of the server's dll built in the same configuration as this test assembly.</summary>
    public static string ServerDll
    {
        get
        {
            // tests/ReportBot.Tests/bin/<Configuration>/net10.0/
            var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testDir.Parent!.Name;
            var dll = Path.Combine(TestPaths.RepositoryRoot, "src", "ReportBot.Server", "bin", configuration, testDir.Name, "ReportBot.Server.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException("Build the server first (dotnet build ReportBot.sln -c " + configuration + ").", dll);
            return dll;
        }
    }

    /// <summary>Starts the server (it must not be running).</summary>
    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException("Already running.");
        var dll = ServerDll;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        // Nothing inherited from the test run's own ReportBot settings.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ReportBot__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (k, v) in _environment) info.Environment[k] = v;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _listening = listening;
        _http = null;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                // stdout closed: the process is gone; if it never said where it listens, say why.
                listening.TrySetException(new InvalidOperationException("The server exited before it listened:\n" + string.Join('\n', Output.TakeLast(40))));
                return;
            }
            _output.Enqueue(e.Data);
            const string Marker = "Now listening on: ";
            var at = e.Data.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(e.Data[(at + Marker.Length)..].Trim().TrimEnd('/') + "/"));
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (the corpus is indexed).</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            if (!IsRunning) throw new InvalidOperationException("The server exited:\n" + string.Join('\n', Output.TakeLast(40)));
            try
            {
                using var r = await Http.GetAsync("health/ready", cancellationToken);
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(150, cancellationToken);
        }
        throw new TimeoutException("The server did not become ready:\n" + string.Join('\n', Output.TakeLast(40)));
    }

    /// <summary>SIGKILL: the process ends at once, with no shutdown code run.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } p || p.HasExited) return;
        p.Kill(entireProcessTree: true);
        await p.WaitForExitAsync();
    }

    /// <summary>SIGKILL of the server process alone (not its children), as the kernel's OOM killer or <c>kill -9</c> would.</summary>
    public async Task KillServerOnlyAsync()
    {
        if (_process is not { } p || p.HasExited) return;
        p.Kill(entireProcessTree: false);
        await p.WaitForExitAsync();
    }

    /// <summary>Resident memory of the child process, in bytes.</summary>
    public long WorkingSet()
    {
        var p = _process ?? throw new InvalidOperationException("Not started.");
        p.Refresh();
        return p.WorkingSet64;
    }

    /// <summary>
    /// The resident memory that is the process's own (RssAnon: heaps, stacks), without mapped files: the word-vector cache is
    /// memory-mapped, and its pages become resident as questions use new words (bounded by the file, and reclaimable).
    /// </summary>
    public long AnonymousMemory()
    {
        var p = _process ?? throw new InvalidOperationException("Not started.");
        foreach (var line in File.ReadLines($"/proc/{p.Id}/status"))
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                return long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        throw new InvalidOperationException("No RssAnon in /proc/<pid>/status.");
    }

    /// <summary>Stops the server (SIGKILL is fine: the tests own its data).</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        foreach (var client in _clients) client.Dispose();
    }
}
