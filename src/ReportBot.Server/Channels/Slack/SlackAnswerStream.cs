using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// Delivers one answer to the thread it was asked in, streamed when a chat model writes it: the first checked piece
/// opens a stream (<c>chat.startStream</c>, addressed to the asker), later pieces are appended (<c>chat.appendStream</c>)
/// at most once per <see cref="SlackOptions.StreamIntervalMilliseconds"/>, waiting when Slack answers 429; at the end the
/// stream is stopped (<c>chat.stopStream</c>) and its message replaced (<c>chat.update</c>) by the checked answer in Block
/// Kit, exactly as an unstreamed reply looks. With no model (no pieces), a slash command, or a stream Slack refused to
/// start, the answer is one <c>chat.postMessage</c>; if the final replacement fails, the answer is posted as a new message.
/// </summary>
public sealed partial class SlackAnswerStream : IAnswerStream, IAsyncDisposable
{
    /// <summary>Longest <c>markdown_text</c> Slack takes in one streaming call; a longer draft stops (the final message has it all).</summary>
    public const int MaxMarkdownChars = 12_000;

    private readonly SlackQuestion _question;
    private readonly SlackWebApi _slack;
    private readonly ILogger _logger;
    private readonly DraftRelay? _draft;
    private string? _ts;

    private SlackAnswerStream(SlackQuestion question, SlackWebApi slack, SlackOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        _question = question;
        _slack = slack;
        _logger = logger;
        if (options.Streaming && question.ResponseUrl is null && question.ThreadTs is not null)
            _draft = new DraftRelay(SendDraftAsync, TimeSpan.FromMilliseconds(options.StreamIntervalMilliseconds), slack.Time, null, cancellationToken);
    }

    /// <summary>A delivery for <paramref name="question"/>; it streams only when the answer comes in pieces and the question was asked in a thread.</summary>
    public static SlackAnswerStream Open(SlackQuestion question, SlackWebApi slack, SlackOptions options, ILogger logger, CancellationToken cancellationToken) =>
        new(question, slack, options, logger, cancellationToken);

    /// <summary>The streamed message's <c>ts</c>, once Slack opened the stream.</summary>
    public string? StreamTs => Volatile.Read(ref _ts);

    /// <inheritdoc />
    public ValueTask OnStartAsync(string rewrittenQuestion, IReadOnlyList<RetrievedPassage> retrieved, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask OnDeltaAsync(string text, CancellationToken cancellationToken) => _draft?.OnDeltaAsync(text, cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>
    /// Posts <paramref name="reply"/> in the question's thread: as the replacement of the streamed message when there is
    /// one, otherwise as a new message. True when Slack took it.
    /// </summary>
    public async Task<bool> DeliverAsync(SlackMessage reply, CancellationToken cancellationToken)
    {
        if (_draft is not null) await _draft.CompleteAsync();
        if (StreamTs is not { } ts) return await _slack.PostMessageAsync(_question.ChannelId, _question.ThreadTs, reply, cancellationToken);

        // Stopping first leaves a finished message even if the replacement fails; the replacement makes it the checked answer.
        await _slack.StopStreamAsync(_question.ChannelId, ts, cancellationToken);
        if ((await _slack.UpdateMessageAsync(_question.ChannelId, ts, reply, cancellationToken)).Ok) return true;
        LogReplaceFailed(_logger, _question.ChannelId);
        return await _slack.PostMessageAsync(_question.ChannelId, _question.ThreadTs, reply, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _draft?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<DraftOutcome> SendDraftAsync(DraftUpdate update, CancellationToken cancellationToken)
    {
        if (update.Text.Length > MaxMarkdownChars) return DraftOutcome.Refused;
        var ts = StreamTs;
        var result = ts is null
            ? await _slack.StartStreamAsync(_question.ChannelId, _question.ThreadTs!, _question.UserTeamId, _question.UserId, update.Appended, cancellationToken)
            : await _slack.AppendStreamAsync(_question.ChannelId, ts, update.Appended, cancellationToken);
        if (result.Ok)
        {
            if (ts is not null) return DraftOutcome.Sent;
            if (result.Ts is null) return DraftOutcome.Refused; // a stream that cannot be named cannot be continued or replaced
            Volatile.Write(ref _ts, result.Ts);
            return DraftOutcome.Sent;
        }
        if (result.RetryAfter is { } delay) return DraftOutcome.Later(delay);
        LogDraftStopped(_logger, ts is null ? "chat.startStream" : "chat.appendStream", result.Error ?? "unknown", _question.ChannelId);
        return DraftOutcome.Refused;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack: streaming stopped ({Call}: {Error}) in {Channel}; the answer is sent whole")]
    private static partial void LogDraftStopped(ILogger logger, string call, string error, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack: the streamed message in {Channel} could not be replaced by the answer; posting the answer as a new message")]
    private static partial void LogReplaceFailed(ILogger logger, string channel);
}
