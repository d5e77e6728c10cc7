using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// Answers the queued Teams activities in the background (the endpoint has already acknowledged them): the typing
/// indicator, the answer and its delivery through <see cref="ConnectorClient"/> (retries honouring <c>Retry-After</c>,
/// circuit breaker). A reply the connector would not take is logged and dropped; nothing an activity does stops the
/// worker. On shutdown the queue takes nothing more and what it holds is still answered, until the host's shutdown
/// timeout.
/// </summary>
public sealed class TeamsActivityWorker(TeamsActivityQueue queue, TeamsBot bot, IOptions<TeamsOptions> options, ILogger<TeamsActivityWorker> logger) : BackgroundService
{
    // Cancelled only when the host's shutdown timeout is over, so that stopping drains the queue first.
    private readonly CancellationTokenSource _abort = new();

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Math.Clamp(options.Value.Workers, 1, 16);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(RunAsync, CancellationToken.None)));
    }

    /// <summary>Closes the queue and answers what it holds, within the host's shutdown timeout (<paramref name="cancellationToken"/>).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        if (queue.Reader.Count > 0) logger.LogInformation("Teams: answering {Count} queued activities before stopping", queue.Reader.Count);
        await using (cancellationToken.Register(_abort.Cancel))
            await base.StopAsync(cancellationToken);
        if (queue.Reader.Count > 0) logger.LogWarning("Teams: {Count} queued activities were not answered before the shutdown timeout", queue.Reader.Count);
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var activity in queue.Reader.ReadAllAsync(_abort.Token))
                await HandleAsync(activity, _abort.Token);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
    }

    /// <summary>Answers one activity; never throws (every failure is logged).</summary>
    internal async Task HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            await bot.RespondAsync(activity, cancellationToken);
            logger.LogInformation("Teams: replied to a {Type} activity in {Conversation}", activity.Type, activity.Conversation?.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Teams: a {Type} activity was not answered: the host stopped first", activity.Type);
        }
        catch (Exception e) when (e is HttpRequestException or BrokenCircuitException or TimeoutRejectedException)
        {
            // The connector failed after its retries (or its circuit is open): the activity was acknowledged long ago,
            // only its reply is lost. Say so in the log.
            logger.LogWarning("Teams: gave up delivering the reply to a {Type} activity ({Reason}: {Message})", activity.Type, e.GetType().Name, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Teams: handling a {Type} activity failed", activity.Type);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
