using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Conversations;

namespace ReportBot.Core.Answering;

/// <summary>
/// Answers within a stored conversation: the channels (Teams, Slack, the web page with a conversation id) give only the
/// conversation id and the question; the history comes from the store and the new turn is saved after the answer.
/// </summary>
public sealed class ConversationalAnswerer(AnswerService answers, IConversationStore store)
{
    /// <summary>Answers <paramref name="question"/> in <paramref name="conversationId"/>; explicit <paramref name="history"/> wins over the stored one.</summary>
    public Task<AnswerResult> AnswerAsync(string conversationId, string question, IReadOnlyList<ChatTurn>? history, CancellationToken cancellationToken) =>
        AnswerAsync(conversationId, question, history, null, cancellationToken);

    /// <summary>
    /// As <see cref="AnswerAsync(string, string, IReadOnlyList{ChatTurn}?, CancellationToken)"/>; with a chat model the
    /// answer's text is also given to <paramref name="stream"/> piece by piece as it is written. The stored turn is the
    /// returned (checked) answer, never the draft.
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(string conversationId, string question, IReadOnlyList<ChatTurn>? history, IAnswerStream? stream, CancellationToken cancellationToken)
    {
        var turns = history is { Count: > 0 } ? history : await store.GetHistoryAsync(conversationId, cancellationToken);
        var result = await answers.AnswerAsync(new AnswerRequest(question, turns, conversationId), stream, cancellationToken);
        await store.AppendAsync(conversationId, new ChatTurn("user", question), new ChatTurn("assistant", result.Answer), CancellationToken.None);
        return result;
    }
}
