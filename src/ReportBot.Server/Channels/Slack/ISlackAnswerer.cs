using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;

namespace ReportBot.Server.Channels.Slack;

/// <summary>The answering step of the Slack channel (a seam so tests can slow it down; the bot uses <see cref="ConversationalSlackAnswerer"/>).</summary>
public interface ISlackAnswerer
{
    /// <summary>Answers <paramref name="question"/> within the conversation <paramref name="conversationId"/>.</summary>
    Task<AnswerResult> AnswerAsync(string conversationId, string question, CancellationToken cancellationToken);

    /// <summary>As <see cref="AnswerAsync(string, string, CancellationToken)"/>, giving the model's checked pieces to <paramref name="stream"/> as they are written.</summary>
    Task<AnswerResult> AnswerAsync(string conversationId, string question, IAnswerStream? stream, CancellationToken cancellationToken) =>
        AnswerAsync(conversationId, question, cancellationToken);
}

/// <summary>The same answering service and conversation store as every other channel; the history comes from the store.</summary>
public sealed class ConversationalSlackAnswerer(ConversationalAnswerer answerer) : ISlackAnswerer
{
    /// <inheritdoc />
    public Task<AnswerResult> AnswerAsync(string conversationId, string question, CancellationToken cancellationToken) =>
        answerer.AnswerAsync(conversationId, question, history: null, cancellationToken);

    /// <inheritdoc />
    public Task<AnswerResult> AnswerAsync(string conversationId, string question, IAnswerStream? stream, CancellationToken cancellationToken) =>
        answerer.AnswerAsync(conversationId, question, history: null, stream, cancellationToken);
}
