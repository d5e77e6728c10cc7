using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// The bounded queue between the endpoint (which must acknowledge within Slack's 3 seconds) and the answering workers.
/// Writing never waits: when the queue is full the caller tells the user the bot is busy.
/// </summary>
public sealed class SlackAnswerQueue(IOptions<SlackOptions> options)
{
    private readonly Channel<SlackQuestion> _channel = Channel.CreateBounded<SlackQuestion>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full instead of dropping an older question
        SingleReader = false,
        SingleWriter = false,
    });

    /// <summary>Queues a question; false when the queue is full.</summary>
    public bool TryEnqueue(SlackQuestion question) => _channel.Writer.TryWrite(question);

    /// <summary>The workers' side.</summary>
    public ChannelReader<SlackQuestion> Reader => _channel.Reader;
}
