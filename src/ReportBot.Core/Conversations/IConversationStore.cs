using ReportBot.Core.Answering;

namespace ReportBot.Core.Conversations;

/// <summary>
/// The history of each conversation the bot is told about (a web conversation id, a Teams conversation, a Slack thread),
/// so follow-ups work on every channel. Bounded per conversation; old conversations expire.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation's turns, oldest first (empty when unknown or expired).</summary>
    Task<IReadOnlyList<ChatTurn>> GetHistoryAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Appends a question and its answer.</summary>
    Task AppendAsync(string conversationId, ChatTurn question, ChatTurn answer, CancellationToken cancellationToken);
}

/// <summary>Settings of the conversation store. Section <c>ReportBot:Conversations</c>.</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "ReportBot:Conversations";

    /// <summary>Turns kept per conversation (a question and its answer are two turns). Default 20.</summary>
    public int MaxTurns { get; set; } = 20;

    /// <summary>
    /// Conversations kept in all (every channel together); beyond it the ones untouched the longest are forgotten, with a
    /// log line. Bounds the file: about 20 turns of at most a few KB each per conversation. Default 10,000; 0 = no cap.
    /// </summary>
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>A conversation untouched for this long is forgotten. Default 7 days.</summary>
    public int ExpiryHours { get; set; } = 24 * 7;
}
