using Polly.Timeout;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// One reply streamed into a personal chat, as Teams' streaming protocol has it: an informative <c>typing</c> update
/// (sequence 1), sent while the answering starts (the answer never waits for it), whose activity id the connector
/// returns and which becomes the stream's id; then, while a chat model
/// writes the answer, <c>typing</c> updates with all of the draft so far (sequence 2, 3, …, at most one per
/// <see cref="TeamsOptions.StreamIntervalMilliseconds"/>); then the final <c>message</c>, which carries the checked
/// answer with its citations and card and closes the stream. A refused or throttled update ends the draft; a refused
/// final message is sent again as a plain message: the answer always arrives.
/// </summary>
public sealed partial class TeamsReplyStream : IAsyncDisposable
{
    private readonly Activity _inbound;
    private readonly ConnectorClient _connector;
    private readonly ILogger _logger;
    private readonly Task<string?> _opening;

    private TeamsReplyStream(Activity inbound, ConnectorClient connector, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        _inbound = inbound;
        _connector = connector;
        _logger = logger;
        Draft = new DraftRelay(SendDraftAsync, interval, time, time.GetUtcNow(), cancellationToken);
        _opening = SendInformativeAsync(cancellationToken);
    }

    /// <summary>Receives the model's checked pieces and sends the draft.</summary>
    public DraftRelay Draft { get; }

    /// <summary>True for the conversations where Teams streams replies: personal (1:1) chats.</summary>
    public static bool IsAllowedIn(Activity activity) => string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    /// <summary>Starts the stream: the informative update goes out in the background.</summary>
    public static TeamsReplyStream Open(Activity inbound, ConnectorClient connector, TeamsOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        new(inbound, connector, TimeSpan.FromMilliseconds(options.StreamIntervalMilliseconds), time, logger, cancellationToken);

    /// <summary>
    /// Stops the draft and sends <paramref name="reply"/> as the stream's final message; if the connector refused the
    /// informative update (no stream), sends it as a plain message, and if it refuses the final message (the stream timed
    /// out, or streaming was turned off meanwhile), sends it again as a plain message. Returns the reply's id.
    /// </summary>
    public async Task<string?> SendFinalAsync(OutgoingActivity reply, CancellationToken cancellationToken)
    {
        await Draft.CompleteAsync();
        if (await _opening is not { } streamId)
            return await _connector.SendAsync(_inbound.ServiceUrl!, _inbound.Conversation!.Id!, _inbound.Id, reply, cancellationToken);
        try
        {
            var id = await _connector.SendAsync(_inbound.ServiceUrl!, _inbound.Conversation!.Id!, _inbound.Id, TeamsReplyBuilder.StreamFinal(reply, streamId), cancellationToken);
            LogStreamed(_logger, Draft.Updates);
            return id;
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status && (int)status is >= 400 and < 500 && (int)status is not (401 or 429))
        {
            LogFinalRefused(_logger, (int)status);
            return await _connector.SendAsync(_inbound.ServiceUrl!, _inbound.Conversation!.Id!, _inbound.Id, reply, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Draft.DisposeAsync();
        try { await _opening; }
        catch (OperationCanceledException) { }
    }

    /// <summary>The informative update; returns the stream's id, or null when the connector refused it or gave no id.</summary>
    private async Task<string?> SendInformativeAsync(CancellationToken cancellationToken)
    {
        await Task.Yield(); // the answering starts meanwhile
        string? id;
        try
        {
            id = await _connector.SendAsync(_inbound.ServiceUrl!, _inbound.Conversation!.Id!, _inbound.Id, TeamsReplyBuilder.StreamInformative(_inbound, TeamsReplyBuilder.SearchingText), cancellationToken, retry: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogNotStreamed(_logger, Reason(e));
            return null;
        }
        if (string.IsNullOrEmpty(id)) LogNotStreamed(_logger, "the connector gave the informative update no id");
        return string.IsNullOrEmpty(id) ? null : id;
    }

    private async Task<DraftOutcome> SendDraftAsync(DraftUpdate update, CancellationToken cancellationToken)
    {
        // The draft follows the informative update, whose id names the stream.
        if (await _opening is not { } streamId) return DraftOutcome.Refused;
        try
        {
            // Sequence 1 was the informative update.
            await _connector.SendAsync(_inbound.ServiceUrl!, _inbound.Conversation!.Id!, _inbound.Id,
                TeamsReplyBuilder.StreamDraft(_inbound, update.Text, streamId, update.Number + 1), cancellationToken, retry: false);
            return DraftOutcome.Sent;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            // 403 (streaming not allowed), 429 (too many updates) or a slow connector: the draft stops, the final message goes.
            LogDraftStopped(_logger, update.Number + 1, Reason(e));
            return DraftOutcome.Refused;
        }
    }

    private static string Reason(Exception e) => e is HttpRequestException h ? h.Message : e.GetType().Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams: the reply is not streamed: {Reason}")]
    private static partial void LogNotStreamed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams: streaming stopped at update {Sequence}: {Reason}; the final message follows")]
    private static partial void LogDraftStopped(ILogger logger, int sequence, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams: streamed reply closed by its final message after {Updates} draft updates")]
    private static partial void LogStreamed(ILogger logger, int updates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams: the connector refused the final message of a stream ({Status}); sent as a plain message")]
    private static partial void LogFinalRefused(ILogger logger, int status);
}
