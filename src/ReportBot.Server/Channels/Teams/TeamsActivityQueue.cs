using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// The bounded queue between <c>POST /api/messages</c> (which acknowledges as soon as an activity is authenticated and
/// valid) and <see cref="TeamsActivityWorker"/> (which answers it and replies through the connector). When the queue is
/// full a request waits for room at most <see cref="MaxWait"/> (a burst is absorbed, and the channel's 15 s timeout is
/// never near); then the endpoint answers 503 with <c>Retry-After</c>, so the channel delivers the activity again instead
/// of it being lost.
/// </summary>
public sealed class TeamsActivityQueue(IOptions<TeamsOptions> options)
{
    /// <summary>Longest a request waits for room in a full queue before it is refused.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly Channel<Activity> _channel = Channel.CreateBounded<Activity>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
    {
        FullMode = BoundedChannelFullMode.Wait, // a full queue refuses (after MaxWait) instead of dropping an older activity
        SingleReader = false,
        SingleWriter = false,
    });

    /// <summary>Queues an activity; false when the queue stayed full for <see cref="MaxWait"/> or takes no more (shutting down).</summary>
    public async ValueTask<bool> TryEnqueueAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(activity)) return true;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(MaxWait);
        try
        {
            await _channel.Writer.WriteAsync(activity, wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Accepts nothing more; what is queued can still be read.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>The workers' side.</summary>
    public ChannelReader<Activity> Reader => _channel.Reader;
}
