using System.Text.Json;
using Microsoft.Extensions.Options;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Queues;

namespace ReportBot.Server.Channels.Teams;

/// <summary>An activity as it waits in the queue.</summary>
/// <param name="Activity">The activity, with everything its reply needs (service URL, conversation, id to reply to, sender and recipient, locale).</param>
/// <param name="Authenticated">True when a valid Bot Framework token vouched for its service URL (so the bot may call it
/// after a restart, when the in-memory list of trusted URLs is empty); false in anonymous mode.</param>
public sealed record QueuedActivity(Activity Activity, bool Authenticated);

/// <summary>
/// The durable, bounded queue between <c>POST /api/messages</c> (which acknowledges as soon as an authenticated, valid
/// activity is committed here) and <see cref="TeamsActivityWorker"/> (which answers it and replies through the connector).
/// It lives in <c>{DataPath}/queue.db</c> (<see cref="DurableWorkQueue"/>), so an acknowledged activity is answered even
/// when the process is killed before the reply: after the restart. When the queue is full a request waits for room at
/// most <see cref="MaxWait"/> (a burst is absorbed, and the channel's 15 s timeout is never near); then the endpoint
/// answers 503 with <c>Retry-After</c>, so the channel delivers the activity again instead of it being lost.
/// </summary>
public sealed class TeamsActivityQueue : IDisposable
{
    /// <summary>Longest a request waits for room in a full queue before it is refused.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    /// <summary>The queue's name in <c>queue.db</c>.</summary>
    public const string Name = "teams";

    public TeamsActivityQueue(IOptions<ReportBotOptions> root, IOptions<TeamsOptions> options, IOptions<WorkQueueOptions> queue, TimeProvider time, ILogger<TeamsActivityQueue> logger) =>
        Queue = DurableWorkQueue.InDataPath(root.Value, Name, options.Value.QueueCapacity, queue.Value, time, logger);

    /// <summary>The stored queue (the workers' side).</summary>
    public DurableWorkQueue Queue { get; }

    /// <summary>Stores an activity (on disk when this returns true); false when the queue stayed full for <see cref="MaxWait"/>
    /// or takes no more (shutting down).</summary>
    public Task<bool> TryEnqueueAsync(Activity activity, bool authenticated, CancellationToken cancellationToken) =>
        Queue.TryEnqueueAsync(Serialize(new QueuedActivity(activity, authenticated)), MaxWait, cancellationToken);

    /// <summary>The stored form of a queued activity (JSON, as on the wire).</summary>
    public static string Serialize(QueuedActivity queued) => JsonSerializer.Serialize(queued, ActivityJson.Options);

    /// <summary>A queued activity read back; null when the stored text is not one.</summary>
    public static QueuedActivity? Deserialize(string payload)
    {
        try { return JsonSerializer.Deserialize<QueuedActivity>(payload, ActivityJson.Options) is { Activity: not null } q ? q : null; }
        catch (JsonException) { return null; }
    }

    /// <inheritdoc />
    public void Dispose() => Queue.Dispose();
}
