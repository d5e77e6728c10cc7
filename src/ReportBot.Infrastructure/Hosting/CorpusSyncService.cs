using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;

namespace ReportBot.Infrastructure.Hosting;

/// <summary>
/// Keeps the index in step with the corpus folder: syncs at start (retrying while Qdrant is unavailable) and then
/// every <see cref="ReportBotOptions.SyncIntervalSeconds"/>, and at once when <see cref="CorpusState.RequestSync"/> asks. Readiness waits for the first successful sync.
/// A failed sync is logged and retried; it never stops the host.
/// </summary>
public sealed class CorpusSyncService(IngestionPipeline pipeline, CorpusState state, IOptions<CorpusOptions> corpus, IOptions<ReportBotOptions> root, ILogger<CorpusSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = RepositoryPaths.Resolve(corpus.Value.Path);
        var first = true;
        IReadOnlySet<SkippedReport> reported = new HashSet<SkippedReport>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var s = await pipeline.SyncAsync(folder, null, stoppingToken);
                if (s.OrphansRemoved > 0)
                    logger.LogWarning("Corpus {Folder}: removed the chunks of {Orphans} deleted reports that had no manifest (left by an interrupted sync)", folder, s.OrphansRemoved);
                if (first || s.Added + s.Updated + s.Removed > 0)
                    logger.LogInformation("Corpus {Folder} synced: {Added} added, {Updated} updated, {Removed} removed, {Unchanged} unchanged, {Chunks} chunks in {Ms} ms",
                        folder, s.Added, s.Updated, s.Removed, s.Unchanged, s.Chunks, (int)s.Total.TotalMilliseconds);
                first = false;
                // Each skipped file is logged once, in one line naming the file and the reason (again only if it changes).
                foreach (var skip in s.Skipped ?? [])
                    if (!reported.Contains(skip)) logger.LogWarning("{Skipped}", skip.ToString());
                reported = (s.Skipped ?? []).ToHashSet();
                // The next sync: after the interval, or at once when a report is added or removed over the API
                // (with an interval of 0, only then).
                await state.WaitForSyncRequestAsync(root.Value.SyncIntervalSeconds <= 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(root.Value.SyncIntervalSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (IndexUnavailableException e)
            {
                logger.LogWarning("Qdrant is unavailable ({Message}); syncing again in 2 s", e.Message);
                await Delay(stoppingToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Syncing the corpus at {Folder} failed; trying again in 10 s", folder);
                await Delay(stoppingToken, 10);
            }
        }
    }

    private static async Task Delay(CancellationToken token, int seconds = 2)
    {
        try { await Task.Delay(TimeSpan.FromSeconds(seconds), token); }
        catch (OperationCanceledException) { }
    }
}
