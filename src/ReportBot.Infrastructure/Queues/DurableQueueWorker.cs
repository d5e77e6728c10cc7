using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReportBot.Core.Ingestion;

namespace ReportBot.Infrastructure.Queues;

/// <summary>
/// The workers of a channel's <see cref="DurableWorkQueue"/>, as a hosted service. At start-up it drops what is too old,
/// waits (at most <see cref="IndexWait"/>) for the corpus to be indexed, so that the questions left by a killed process get
/// real answers rather than "still reading", and runs <c>workers</c> loops. On shutdown the queue takes nothing more, the
/// workers go on answering what is queued until it is empty or the host's shutdown timeout is over; then the items in
/// hand go back to the queue, and whatever is left stays on disk and is answered after the restart.
/// </summary>
public abstract class DurableQueueWorker : BackgroundService
{
    /// <summary>Longest wait at start-up for the corpus to be indexed before the workers begin anyway.</summary>
    public static readonly TimeSpan IndexWait = TimeSpan.FromSeconds(60);

    // Cancelled only when the host's shutdown timeout is over, so that stopping drains the queue first.
    private readonly CancellationTokenSource _abort = new();
    private readonly DurableWorkQueue _queue;
    private readonly CorpusState _corpus;
    private readonly ILogger _logger;
    private volatile bool _running;
    private readonly Lock _stopLock = new();
    private Task? _stop;

    /// <param name="queue">The queue the workers take from.</param>
    /// <param name="corpus">Whether the corpus is indexed.</param>
    /// <param name="logger">The channel's logger.</param>
    protected DurableQueueWorker(DurableWorkQueue queue, CorpusState corpus, ILogger logger)
    {
        _queue = queue;
        _corpus = corpus;
        _logger = logger;
    }

    /// <summary>Whether the corpus is indexed.</summary>
    protected CorpusState Corpus => _corpus;

    /// <summary>The channel's name at the start of its log lines ("Teams").</summary>
    protected abstract string Channel { get; }

    /// <summary>What the items are, in log lines ("activities").</summary>
    protected abstract string Items { get; }

    /// <summary>Items handled at the same time.</summary>
    protected abstract int Workers { get; }

    /// <summary>False when the channel is switched off: no worker runs (what is queued stays).</summary>
    protected virtual bool Enabled => true;

    /// <summary>
    /// Handles one item: <see cref="WorkOutcome.Done"/> when it was answered or definitively given up,
    /// <see cref="WorkOutcome.Interrupted"/> when <paramref name="cancellationToken"/> (the shutdown timeout) stopped it.
    /// An exception counts as <see cref="WorkOutcome.Failed"/>.
    /// </summary>
    protected abstract Task<WorkOutcome> HandleAsync(WorkItem item, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        await _queue.RecoverAsync(stoppingToken);
        if (!_corpus.IsIndexed)
        {
            try { await _corpus.WhenIndexed.WaitAsync(IndexWait, stoppingToken); }
            catch (TimeoutException) { _logger.LogWarning("{Channel}: the corpus is not indexed yet; answering anyway", Channel); }
            catch (OperationCanceledException) { return; } // stopped before starting: the queue stays on disk
        }
        _running = true;
        var workers = Math.Clamp(Workers, 1, 16);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => _queue.RunWorkerAsync(HandleAsync, stoppingToken, _abort.Token), CancellationToken.None)));
    }

    /// <summary>Closes the queue and answers what it holds, within the host's shutdown timeout (<paramref name="cancellationToken"/>).</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may stop its services twice (its own shutdown, then the caller's StopAsync): one stop is enough.
        lock (_stopLock) return _stop ??= StopOnceAsync(cancellationToken);
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        _queue.Close();
        if (_running && await _queue.CountAsync(waitingOnly: true, CancellationToken.None) is > 0 and var waiting)
            _logger.LogInformation("{Channel}: answering {Count} queued {Items} before stopping", Channel, waiting, Items);
        // Returns when the workers are done, or when the shutdown timeout is over (cancellationToken).
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCompleted: false } running)
        {
            // The timeout is over: the workers stop what they are doing and put it back; give them a moment for that.
            // (Not a registration on the token: its callbacks may run after this method continued past it.)
            await _abort.CancelAsync();
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }
        var left = await _queue.CountAsync(waitingOnly: false, CancellationToken.None);
        if (left > 0)
            _logger.LogWarning("{Channel}: {Count} queued {Items} were not answered before stopping; they stay on disk and are answered after the restart", Channel, left, Items);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
