using ReportBot.Core.Ingestion;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary>
/// How the command line writes: answers and tables on stdout; progress, skipped reports and errors on stderr. Output to
/// a file or a pipe (or with <c>NO_COLOR</c> set) carries no colour codes, and redirected output is not wrapped.
/// </summary>
internal static class Terminal
{
    /// <summary>True when stdout is not a terminal.</summary>
    public static bool OutputRedirected => Console.IsOutputRedirected;

    /// <summary>True when colour is off: <c>NO_COLOR</c> set to anything (https://no-color.org) or stdout redirected.</summary>
    public static bool NoColor => OutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>Sets up Spectre.Console's output once, before any command writes.</summary>
    public static void Configure()
    {
        if (!NoColor) return;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = OutputRedirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        // A file or a pipe has no width: lines are never wrapped.
        if (OutputRedirected) console.Profile.Width = 100_000;
        AnsiConsole.Console = console;
    }

    /// <summary>One line of progress or a notice on stderr.</summary>
    public static void Status(string text) => Console.Error.WriteLine($"reportbot: {text}");
}

/// <summary>
/// Sync progress on stderr: a line updated in place on a terminal, one line at the start and one at the end otherwise.
/// </summary>
internal sealed class SyncProgress : IProgress<IngestionProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private bool _started;
    private int _lastLength;

    public void Report(IngestionProgress value)
    {
        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                if (!_interactive) { Terminal.Status($"syncing {value.Total} report{(value.Total == 1 ? "" : "s")}…"); return; }
            }
            if (!_interactive) return;
            var line = $"reportbot: syncing {value.Done}/{value.Total} reports ({value.Step} {value.ReportId})";
            if (line.Length > 100) line = line[..99] + "…";
            Console.Error.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
    }

    /// <summary>Ends the in-place line.</summary>
    public void Done()
    {
        lock (_gate)
            if (_interactive && _lastLength > 0) { Console.Error.Write("\r" + new string(' ', _lastLength) + "\r"); _lastLength = 0; }
    }
}
