namespace ReportBot.Core.Answering.Generative;

/// <summary>How a generated answer ended: the text, and "generative" or "extractive-fallback" (with the reason).</summary>
/// <param name="Text">The answer's markdown.</param>
/// <param name="Mode"><see cref="AnswerModes.Generative"/> or <see cref="AnswerModes.ExtractiveFallback"/>.</param>
/// <param name="FallbackReason">Why the model-free answer was used, when it was.</param>
/// <param name="Kept">Generated sentences kept.</param>
/// <param name="Repaired">Kept sentences whose markers were repaired.</param>
/// <param name="Dropped">Generated sentences dropped.</param>
/// <param name="NotesAppended">Disagreement notes appended because the model left them out.</param>
public sealed record GeneratedAnswer(string Text, string Mode, string? FallbackReason, int Kept, int Repaired, int Dropped, int NotesAppended);

/// <summary>The values of <see cref="AnswerResult.Mode"/>.</summary>
public static class AnswerModes
{
    /// <summary>Written by the model-free composer (no model configured).</summary>
    public const string Extractive = "extractive";

    /// <summary>Written by the model, checked by <see cref="AnswerGuard"/>.</summary>
    public const string Generative = "generative";

    /// <summary>A model is configured but failed (error, timeout, open circuit, nothing usable): the model-free answer.</summary>
    public const string ExtractiveFallback = "extractive-fallback";
}

/// <summary>
/// The optional generative step of <see cref="AnswerService"/>, after evidence selection: a chat model writes the answer's
/// prose from the numbered evidence and the disagreements already detected, and <see cref="AnswerCheck"/> enforces the
/// guarantees; it also rewrites follow-ups into standalone questions. Core holds no model SDK: the implementation is
/// Semantic Kernel's (<c>ReportBot.Infrastructure.SemanticKernel.KernelGenerativeAnswerer</c>: the prompt files as SK
/// prompt templates, an SK chat completion service, the answer check as an SK filter). Without a model,
/// <see cref="ModelFreeAnswerer"/>: every answer is the model-free one.
/// </summary>
public interface IGenerativeAnswerer
{
    /// <summary>True when a chat model is configured.</summary>
    bool IsEnabled { get; }

    /// <summary>
    /// The follow-up rewritten by the model as a standalone question, or null (no model, no history, a failure, or a reply
    /// that is not a single plausible question) so that the deterministic rewriter is used.
    /// </summary>
    Task<string?> RewriteAsync(string question, IReadOnlyList<ChatTurn>? history, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the answer with the model and checks it. Streams when <paramref name="onDelta"/> is given (each piece is final,
    /// checked text of the answer). Any model failure, or nothing usable, gives the model-free text as "extractive-fallback";
    /// after such a failure mid-stream the pieces already sent are superseded by the returned text.
    /// </summary>
    Task<GeneratedAnswer> ComposeAsync(string question, AnswerComposer.Composed composed, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken);
}

/// <summary>No chat model (the default): no rewriting, and every answer is the model-free composer's.</summary>
public sealed class ModelFreeAnswerer : IGenerativeAnswerer
{
    /// <summary>The one instance.</summary>
    public static ModelFreeAnswerer Instance { get; } = new();

    private ModelFreeAnswerer()
    {
    }

    /// <inheritdoc />
    public bool IsEnabled => false;

    /// <inheritdoc />
    public Task<string?> RewriteAsync(string question, IReadOnlyList<ChatTurn>? history, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <inheritdoc />
    public Task<GeneratedAnswer> ComposeAsync(string question, AnswerComposer.Composed composed, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composed);
        return Task.FromResult(new GeneratedAnswer(composed.Text, AnswerModes.Extractive, null, 0, 0, 0, 0));
    }
}
