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
    /// Starts Qdrant (local or configured), syncs the corpus, runs <paramref name="work"/> and stops Qdrant again; a missing
    /// corpus, an unreachable index or a bad report file becomes a one-line error and exit code 1.
    /// </summary>
    public static async Task<int> WithSyncedCorpusAsync(IHost host, string failure, Func<CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        var qdrant = host.Services.GetRequiredService<QdrantHost>();
        await qdrant.StartAsync(cancellationToken);
        try
        {
            var folder = RepositoryPaths.Resolve(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportBot.Core.Corpus.CorpusOptions>>().Value.Path);
            await host.Services.GetRequiredService<ReportBot.Core.Ingestion.IngestionPipeline>().SyncAsync(folder, null, cancellationToken);
            return await work(cancellationToken);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or ReportBot.Core.Retrieval.IndexUnavailableException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"{failure}: {e.Message}");
            return 1;
        }
        finally
        {
            await qdrant.StopAsync(CancellationToken.None);
        }
    }
}
