namespace ReportBot.Core.Answering.Generative;

/// <summary>
/// Receives an answer while a chat model writes it: first what was searched and found, then the answer's text piece by
/// piece (each piece already checked by <see cref="AnswerGuard"/>). Only called when a model writes the answer; the final
/// <see cref="AnswerResult"/> is authoritative (after a model failure mid-stream it is the model-free text).
/// </summary>
public interface IAnswerStream
{
    /// <summary>Evidence is chosen and the model is about to write.</summary>
    ValueTask OnStartAsync(string rewrittenQuestion, IReadOnlyList<RetrievedPassage> retrieved, CancellationToken cancellationToken);

    /// <summary>The next piece of the answer's markdown.</summary>
    ValueTask OnDeltaAsync(string text, CancellationToken cancellationToken);
}
