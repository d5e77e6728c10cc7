using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Queues;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// Answers the queued Teams activities in the background (the endpoint has already acknowledged them): the typing
/// indicator, the answer and its delivery through <see cref="ConnectorClient"/> (retries honouring <c>Retry-After</c>,
/// circuit breaker). An activity leaves the queue when its reply was delivered, or when the connector would not take it
/// after the retries (logged as given up); one whose handling failed otherwise is tried again, up to
/// <see cref="WorkQueueOptions.MaxAttempts"/>. Nothing an activity does stops the worker. Activities left by a killed
/// process are answered after the restart; on shutdown see <see cref="DurableQueueWorker"/>.
/// </summary>
public sealed class TeamsActivityWorker(TeamsActivityQueue queue, TeamsBot bot, TrustedServiceUrls trusted, CorpusState corpus, IOptions<TeamsOptions> options,
    ILogger<TeamsActivityWorker> logger) : DurableQueueWorker(queue.Queue, corpus, logger)
{
    /// <inheritdoc />
    protected override string Channel => "Teams";

    /// <inheritdoc />
    protected override string Items => "activities";

    /// <inheritdoc />
    protected override int Workers => options.Value.Workers;

    /// <inheritdoc />
    protected override Task<WorkOutcome> HandleAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (TeamsActivityQueue.Deserialize(item.Payload) is not { } queued)
        {
            logger.LogError("Teams: queued item {Id} is not an activity; dropped", item.Id);
            return Task.FromResult(WorkOutcome.Done);
        }
        // The token that came with it vouched for its service URL; after a restart the in-memory list no longer knows it.
        if (queued.Authenticated && queued.Activity.ServiceUrl is { } serviceUrl) trusted.Trust(serviceUrl);
        return HandleAsync(queued.Activity, cancellationToken);
    }

    /// <summary>Answers one activity; throws only for a failure worth another attempt (not the connector giving up).</summary>
    private async Task<WorkOutcome> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            await bot.RespondAsync(activity, cancellationToken);
            logger.LogInformation("Teams: replied to a {Type} activity in {Conversation}", LogValue.Escape(activity.Type), LogValue.Escape(activity.Conversation?.Id));
            return WorkOutcome.Done;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Teams: a {Type} activity was not answered before the host stopped; it stays queued", LogValue.Escape(activity.Type));
            return WorkOutcome.Interrupted;
        }
        catch (Exception e) when (e is HttpRequestException or BrokenCircuitException or TimeoutRejectedException)
        {
            // The connector failed after its retries (or its circuit is open): the activity was acknowledged long ago,
            // only its reply is lost. Say so in the log.
            logger.LogWarning("Teams: gave up delivering the reply to a {Type} activity ({Reason}: {Message})", LogValue.Escape(activity.Type), e.GetType().Name, e.Message);
            return WorkOutcome.Done;
        }
    }
}
