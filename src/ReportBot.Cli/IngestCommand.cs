using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Hosting;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary><c>reportbot ingest</c>: syncs the corpus folder into the index, with a progress bar and a summary.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Index the corpus: adds new reports, replaces changed ones, removes deleted ones.");
        command.SetAction(async (parse, ct) =>
        {
            using var host = CliOptions.BuildHost(parse);
            var qdrant = host.Services.GetRequiredService<QdrantHost>();
            await qdrant.StartAsync(ct);
            try
            {
                var folder = RepositoryPaths.Resolve(host.Services.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
                var pipeline = host.Services.GetRequiredService<IngestionPipeline>();
                IngestionSummary? summary = null;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("Reports", maxValue: 1);
                        var progress = new Progress<IngestionProgress>(p =>
                        {
                            task.MaxValue = Math.Max(1, p.Total);
                            task.Value = p.Done;
                            task.Description = $"{p.Step} {Markup.Escape(p.ReportId ?? "")}";
                        });
                        summary = await pipeline.SyncAsync(folder, progress, ct);
                        task.Value = task.MaxValue;
                        task.Description = "done";
                    });
                var s = summary!;
                var table = new Table().AddColumns("added", "updated", "removed", "unchanged", "chunks", "time");
                table.AddRow(s.Added.ToString(), s.Updated.ToString(), s.Removed.ToString(), s.Unchanged.ToString(), s.Chunks.ToString(), $"{s.Total.TotalMilliseconds:0} ms");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine($"[grey]Corpus:[/] {Markup.Escape(folder)}");
                return 0;
            }
            catch (Exception e) when (e is DirectoryNotFoundException or ReportBot.Core.Retrieval.IndexUnavailableException or InvalidDataException)
            {
                AnsiConsole.MarkupLine($"[red]Ingestion failed:[/] {Markup.Escape(e.Message)}");
                return 1;
            }
            finally
            {
                await qdrant.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }
}
