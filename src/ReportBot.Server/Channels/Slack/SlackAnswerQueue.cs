using System.Text.Json;
using Microsoft.Extensions.Options;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Queues;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// The durable, bounded queue between the endpoint (which must acknowledge within Slack's 3 seconds, and does so once the
/// question is committed here) and the answering workers. It lives in <c>{DataPath}/queue.db</c>
/// (<see cref="DurableWorkQueue"/>), so an acknowledged question is answered even when the process is killed or stopped
/// before the answer: after the restart. Writing never waits for room: when the queue is full the caller tells the user
/// the bot is busy. A slash command's <c>response_url</c> is stored with its question (it is needed to answer; the file is
/// under the data path) and never logged.
/// </summary>
public sealed class SlackAnswerQueue : IDisposable
{
    /// <summary>The queue's name in <c>queue.db</c>.</summary>
    public const string Name = "slack";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public SlackAnswerQueue(IOptions<ReportBotOptions> root, IOptions<SlackOptions> options, IOptions<WorkQueueOptions> queue, TimeProvider time, ILogger<SlackAnswerQueue> logger) =>
        Queue = DurableWorkQueue.InDataPath(root.Value, Name, options.Value.QueueCapacity, queue.Value, time, logger);

    /// <summary>The stored queue (the workers' side).</summary>
    public DurableWorkQueue Queue { get; }

    /// <summary>Stores a question (on disk when this returns true); false when the queue is full or takes no more (shutting down).</summary>
    public Task<bool> TryEnqueueAsync(SlackQuestion question, CancellationToken cancellationToken) =>
        Queue.TryEnqueueAsync(Serialize(question), TimeSpan.Zero, cancellationToken);

    /// <summary>The stored form of a question (JSON).</summary>
    public static string Serialize(SlackQuestion question) => JsonSerializer.Serialize(question, Json);

    /// <summary>A queued question read back; null when the stored text is not one.</summary>
    public static SlackQuestion? Deserialize(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<SlackQuestion>(payload, Json) is { TeamId: not null, ChannelId: not null, Text: not null, ConversationId: not null } q ? q : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => Queue.Dispose();
}
