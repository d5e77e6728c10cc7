using System.Text;
using System.Threading.Channels;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;

namespace ReportBot.Server.Channels;

/// <summary>One update of a draft sent to a channel.</summary>
/// <param name="Number">1 for the first update sent, then 2, 3, … (only updates the channel took are counted).</param>
/// <param name="Text">The whole draft so far.</param>
/// <param name="Appended">What the draft gained since the last update the channel took (all of it for the first).</param>
public readonly record struct DraftUpdate(int Number, string Text, string Appended);

/// <summary>What the channel did with a <see cref="DraftUpdate"/>.</summary>
/// <param name="Taken">True when the channel showed it.</param>
/// <param name="RetryAfter">When the channel asked to wait (HTTP 429): the next update goes no earlier than this; the
/// text not taken is sent with it.</param>
public readonly record struct DraftOutcome(bool Taken, TimeSpan? RetryAfter = null)
{
    /// <summary>The channel showed the update.</summary>
    public static DraftOutcome Sent => new(true);

    /// <summary>The channel refused: no further update is sent (the final message still is).</summary>
    public static DraftOutcome Refused => new(false);

    /// <summary>The channel asked to wait: the draft continues after <paramref name="delay"/>.</summary>
    public static DraftOutcome Later(TimeSpan delay) => new(false, delay);
}

/// <summary>
/// Forwards the draft of an answer to a channel while a chat model writes it: the model's checked pieces (from
/// <see cref="IAnswerStream"/>) are gathered, and the draft so far goes to the channel at most once per interval, so
/// pieces that arrive in between are sent together. Sending happens off the answering path (a slow channel never slows
/// the model down). When the channel refuses an update, the draft stops; when it asks to wait, the draft waits.
/// <see cref="CompleteAsync"/> stops it without sending what is left: the channel's final message, which carries the
/// checked answer, replaces the draft.
/// </summary>
public sealed class DraftRelay : IAnswerStream, IAsyncDisposable
{
    /// <summary>Longest wait a channel's <c>Retry-After</c> may impose on the draft.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private readonly Func<DraftUpdate, CancellationToken, Task<DraftOutcome>> _send;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellationToken;
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _completed = new();
    private DateTimeOffset _next;
    private int _sentLength;
    private int _updates;
    private bool _refused;
    private Task? _pump;

    /// <summary>
    /// A relay that calls <paramref name="send"/> at most once per <paramref name="interval"/>. <paramref name="lastSentAt"/>
    /// is when the channel last got something for this answer (an informative update), so that the first draft update
    /// keeps the interval too; null lets the first update go at once. <paramref name="cancellationToken"/> ends everything.
    /// </summary>
    public DraftRelay(Func<DraftUpdate, CancellationToken, Task<DraftOutcome>> send, TimeSpan interval, TimeProvider time, DateTimeOffset? lastSentAt, CancellationToken cancellationToken)
    {
        _send = send;
        _interval = interval;
        _time = time;
        _cancellationToken = cancellationToken;
        _next = lastSentAt is { } at ? at + interval : DateTimeOffset.MinValue;
    }

    /// <summary>Updates the channel took.</summary>
    public int Updates => Volatile.Read(ref _updates);

    /// <summary>True once the channel refused an update (nothing more is sent).</summary>
    public bool Refused => Volatile.Read(ref _refused);

    /// <inheritdoc />
    public ValueTask OnStartAsync(string rewrittenQuestion, IReadOnlyList<RetrievedPassage> retrieved, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask OnDeltaAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0 || Refused) return ValueTask.CompletedTask;
        lock (_lock)
        {
            if (_completed.IsCancellationRequested) return ValueTask.CompletedTask;
            _text.Append(text);
            _pump ??= Task.Run(PumpAsync, CancellationToken.None);
        }
        _changed.Writer.TryWrite(true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops the draft: no update is sent after this returns (one already being sent is awaited).</summary>
    public async Task CompleteAsync()
    {
        Task? pump;
        lock (_lock)
        {
            if (!_completed.IsCancellationRequested) _completed.Cancel();
            pump = _pump;
        }
        if (pump is not null) await pump;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CompleteAsync();
        _completed.Dispose();
    }

    private async Task PumpAsync()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_completed.Token, _cancellationToken);
        try
        {
            while (true)
            {
                await _changed.Reader.ReadAsync(stop.Token);
                // A timer may fire a little early: wait until the clock itself says the interval (or Retry-After) is over.
                for (var wait = _next - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = _next - _time.GetUtcNow())
                    await Task.Delay(wait, _time, stop.Token);
                stop.Token.ThrowIfCancellationRequested(); // completed meanwhile: the final message follows, no more draft
                _changed.Reader.TryRead(out _); // what arrived while waiting goes with this update

                string text, appended;
                lock (_lock)
                {
                    text = _text.ToString();
                    appended = text[_sentLength..];
                }
                if (appended.Length == 0) continue;

                // The send itself is not cut short by completion: an update on the wire is let finish.
                DraftOutcome outcome;
                try { outcome = await _send(new DraftUpdate(Updates + 1, text, appended), _cancellationToken); }
                catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested) { throw; }
                catch (Exception) { outcome = DraftOutcome.Refused; } // a channel's fault stops the draft, never the answer

                var now = _time.GetUtcNow();
                if (outcome.Taken)
                {
                    _sentLength = text.Length;
                    Interlocked.Increment(ref _updates);
                    _next = now + _interval;
                }
                else if (outcome.RetryAfter is { } delay)
                {
                    _next = now + (delay < _interval ? _interval : delay > MaxRetryAfter ? MaxRetryAfter : delay);
                    _changed.Writer.TryWrite(true); // the text not taken is still to be sent
                }
                else
                {
                    Volatile.Write(ref _refused, true);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Completed (the final message follows) or the host is stopping.
        }
    }
}
