using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Hosting;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary><c>reportbot ingest</c>: syncs the corpus folder into the index, with progress on stderr and a summary (skipped reports with the reason).</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Index the corpus: adds new reports, replaces changed ones, removes deleted ones.");
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliOptions.BuildHost(parse);
            try
            {
                var s = await CliOptions.SyncAsync(host, null, ct);
                var folder = RepositoryPaths.Resolve(host.Services.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
                var table = new Table().AddColumns("added", "updated", "removed", "unchanged", "skipped", "chunks", "time");
                table.AddRow(s.Added.ToString(), s.Updated.ToString(), s.Removed.ToString(), s.Unchanged.ToString(), (s.Skipped?.Count ?? 0).ToString(), s.Chunks.ToString(), $"{s.Total.TotalMilliseconds:0} ms");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"[grey]Corpus:[/] {Markup.Escape(folder)}");
                foreach (var skip in s.Skipped ?? []) AnsiConsole.MarkupLine($"[yellow]Skipped[/] {Markup.Escape(skip.File)} ({skip.Step.ToString().ToLowerInvariant()}): {Markup.Escape(skip.Reason)}");
                return 0;
            }
            catch (Exception e) when (CliOptions.IsUserFacing(e))
            {
                await Console.Error.WriteLineAsync($"Ingestion failed: {e.Message}");
                return 1;
            }
            finally
            {
                await host.Services.GetRequiredService<QdrantHost>().StopAsync(CancellationToken.None);
            }
        });
        return command;
    }
}
