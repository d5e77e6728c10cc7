using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReportBot.Infrastructure.Hosting;

namespace ReportBot.Cli;

/// <summary>Options every command takes, and the host they run in.</summary>
internal static class CliOptions
{
    public static readonly Option<string?> Corpus = new("--corpus") { Description = "Folder of reports (overrides ReportBot:Corpus:Path).", Recursive = true };
    public static readonly Option<string?> Data = new("--data") { Description = "Folder for local state (overrides ReportBot:DataPath).", Recursive = true };

    /// <summary>Builds the same services the web host uses, without background sync, from appsettings.json, the environment and the options.</summary>
    public static IHost BuildHost(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, DisableDefaults = false });
        // The command line prints its own output; only warnings and errors are logged.
        var overrides = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:ReportBot"] = "Warning" };
        if (parse.GetValue(Corpus) is { } corpus) overrides["ReportBot:Corpus:Path"] = Path.GetFullPath(corpus);
        if (parse.GetValue(Data) is { } data) overrides["ReportBot:DataPath"] = Path.GetFullPath(data);
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddReportBot(syncInBackground: false);
        return builder.Build();
    }

    /// <summary>
    /// Starts Qdrant (local or configured), syncs the corpus, runs <paramref name="work"/> and stops Qdrant again, with
    /// progress on stderr. A missing corpus, an unreachable index or a data folder in use becomes a one-line error and exit
    /// code 1; a report that cannot be read is skipped with a one-line notice and the others are used.
    /// </summary>
    public static async Task<int> WithSyncedCorpusAsync(IHost host, string failure, Func<CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        var qdrant = host.Services.GetRequiredService<QdrantHost>();
        try
        {
            await SyncAsync(host, null, cancellationToken);
            return await work(cancellationToken);
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            await Console.Error.WriteLineAsync($"{failure}: {e.Message}");
            return 1;
        }
        finally
        {
            await qdrant.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Failures the command line reports in one line (no stack trace).</summary>
    public static bool IsUserFacing(Exception e) =>
        e is DirectoryNotFoundException or ReportBot.Core.Retrieval.IndexUnavailableException or InvalidDataException or DataFolderInUseException;

    /// <summary>Starts Qdrant and syncs the corpus, saying on stderr what it does; returns what the sync did.</summary>
    public static async Task<ReportBot.Core.Ingestion.IngestionSummary> SyncAsync(IHost host, SyncProgress? progress, CancellationToken cancellationToken)
    {
        var qdrant = host.Services.GetRequiredService<QdrantHost>();
        var data = RepositoryPaths.Resolve(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportBotOptions>>().Value.DataPath);
        Terminal.Status(qdrant.Process is null ? $"using the Qdrant server at {qdrant.Endpoint}" : $"starting Qdrant (data folder {data})…");
        await qdrant.StartAsync(cancellationToken);
        var folder = RepositoryPaths.Resolve(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportBot.Core.Corpus.CorpusOptions>>().Value.Path);
        Terminal.Status($"loading the word vectors and reading the reports in {folder}…");
        progress ??= new SyncProgress();
        var pipeline = host.Services.GetRequiredService<ReportBot.Core.Ingestion.IngestionPipeline>();
        var summary = await pipeline.SyncAsync(folder, progress, cancellationToken);
        progress.Done();
        foreach (var skip in summary.Skipped ?? []) Terminal.Status(skip.ToString());
        var reports = host.Services.GetRequiredService<ReportBot.Core.Ingestion.CorpusState>().Current.Reports.Count;
        Terminal.Status($"{reports} report{(reports == 1 ? "" : "s")} ready ({summary.Added} added, {summary.Updated} updated, {summary.Removed} removed, {summary.Unchanged} unchanged" +
                        $"{(summary.Skipped is { Count: > 0 } sk ? $", {sk.Count} skipped" : "")}) in {summary.Total.TotalSeconds:0.0} s");
        return summary;
    }
}
