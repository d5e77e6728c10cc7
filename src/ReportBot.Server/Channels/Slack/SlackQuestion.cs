namespace ReportBot.Server.Channels.Slack;

/// <summary>A question received from Slack, waiting to be answered.</summary>
/// <param name="TeamId">Workspace.</param>
/// <param name="ChannelId">Channel or direct-message channel.</param>
/// <param name="ThreadTs">Thread the answer goes to (the question's own <c>ts</c> when it started the thread); null for a slash command.</param>
/// <param name="Text">The question, with the bot's mention removed.</param>
/// <param name="ResponseUrl">Where a slash command's answer goes; null for events.</param>
/// <param name="ConversationId">Key of the conversation store: <c>slack:{team}:{channel}:{thread_ts}</c>.</param>
public sealed record SlackQuestion(string TeamId, string ChannelId, string? ThreadTs, string Text, Uri? ResponseUrl, string ConversationId)
{
    /// <summary>Who asked (<c>U…</c>), when the event says; a streamed answer outside a direct message is addressed to them.</summary>
    public string? UserId { get; init; }

    /// <summary>The asker's workspace, when the event says (it may differ from <see cref="TeamId"/> in shared channels).</summary>
    public string? UserTeamId { get; init; }

    /// <summary>A question asked in a thread (an @mention or a direct message).</summary>
    public static SlackQuestion InThread(string teamId, string channelId, string threadTs, string text) =>
        new(teamId, channelId, threadTs, text, null, $"slack:{teamId}:{channelId}:{threadTs}");

    /// <summary>A slash command: one-shot, answered through its <c>response_url</c>.</summary>
    public static SlackQuestion FromCommand(string teamId, string channelId, string triggerId, string text, Uri responseUrl) =>
        new(teamId, channelId, null, text, responseUrl, $"slack:{teamId}:{channelId}:command-{triggerId}");
}
