using System.Diagnostics;
using ReportBot.Tests.Support;
using Xunit;

namespace ReportBot.Tests.Cli;

/// <summary>What a run of the command line printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built command line (reportbot.dll, copied next to the tests) as its own process, output redirected.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reportbot.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        // The parsed word vectors are shared by every test (parsing the JSON again would take a while).
        start.Environment["ReportBot__Embeddings__CachePath"] = TestPaths.WordVectorCache;
        start.Environment.Remove("NO_COLOR");
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
