namespace ReportBot.Core.Answering.Generative;

/// <summary>
/// The check of one generated answer against the evidence the model was given, fed as the reply arrives (by the Semantic
/// Kernel answer-check filter): every piece goes through <see cref="AnswerGuard"/>, and checked pieces are released only
/// once a first sentence has survived, so a reply that is all noise releases nothing. <see cref="Outcome"/> is the
/// checked text, or the model-free text when no sentence survived, the reply was not checked to its end, or the model
/// failed (<see cref="Failed"/>).
/// </summary>
public sealed class AnswerCheck
{
    private readonly AnswerGuard _guard;
    private readonly List<string> _held = [];

    /// <summary>A check for one answer.</summary>
    /// <param name="citations">The passages given to the model, numbered as in the prompt (verbatim quotes).</param>
    /// <param name="disagreements">The disagreements the model-free pipeline detected.</param>
    /// <param name="modelFreeText">The model-free composer's answer: the fallback, and the source of each disagreement's note.</param>
    public AnswerCheck(IReadOnlyList<Citation> citations, IReadOnlyList<Disagreement> disagreements, string modelFreeText)
    {
        Citations = citations;
        Disagreements = disagreements;
        ModelFreeText = modelFreeText;
        _guard = new AnswerGuard(citations, disagreements, Notes(modelFreeText, disagreements));
    }

    /// <summary>A check over what the model-free composer chose.</summary>
    public static AnswerCheck For(AnswerComposer.Composed composed)
    {
        ArgumentNullException.ThrowIfNull(composed);
        return new AnswerCheck(composed.Citations, composed.Disagreements, composed.Text);
    }

    /// <summary>The numbered passages the model is given.</summary>
    public IReadOnlyList<Citation> Citations { get; }

    /// <summary>The detected disagreements the model is given (and that the answer must state).</summary>
    public IReadOnlyList<Disagreement> Disagreements { get; }

    /// <summary>The model-free answer.</summary>
    public string ModelFreeText { get; }

    /// <summary>True once the whole reply went through the check.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The answer as it stands: the checked text once a sentence survived the whole reply, else the model-free text.</summary>
    public string Text => IsComplete && _guard.Kept > 0 ? _guard.Text : ModelFreeText;

    /// <summary>Takes the next piece of the reply; returns the checked pieces of the answer that may be shown now.</summary>
    public IReadOnlyList<string> Push(string piece) => Release(_guard.Push(piece));

    /// <summary>Ends the reply: checks what is left and appends the note of every disagreement the text leaves out.</summary>
    public IReadOnlyList<string> Complete()
    {
        var last = Release(_guard.Complete());
        IsComplete = true;
        return last;
    }

    /// <summary>How the answer ended, once the reply was read.</summary>
    public GeneratedAnswer Outcome() =>
        !IsComplete ? Fallback("the model's reply was not checked to its end")
        : _guard.Kept == 0 ? Fallback("the model's reply had no supported sentence")
        : new GeneratedAnswer(_guard.Text, AnswerModes.Generative, null, _guard.Kept, _guard.Repaired, _guard.Dropped, _guard.NotesAppended);

    /// <summary>The model failed (HTTP errors after retries, timeouts, an open circuit, a malformed reply): the model-free answer.</summary>
    public GeneratedAnswer Failed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Fallback($"{error.GetType().Name}: {error.Message}");
    }

    /// <summary>The model-free answer's "The reports disagree" paragraph of each disagreement, in order (made from the summary when the text lacks them).</summary>
    public static IReadOnlyList<string> Notes(string modelFreeText, IReadOnlyList<Disagreement> disagreements)
    {
        ArgumentNullException.ThrowIfNull(modelFreeText);
        ArgumentNullException.ThrowIfNull(disagreements);
        var paragraphs = modelFreeText.Split("\n\n").Where(p => p.StartsWith("**The reports disagree**", StringComparison.Ordinal)).ToList();
        if (paragraphs.Count == disagreements.Count) return paragraphs;
        return disagreements.Select(d =>
            $"**The reports disagree**: {d.Summary} {string.Concat(d.Claims.Select(c => c.N).Distinct().Order().Select(n => $"[{n}]"))}").ToList();
    }

    private GeneratedAnswer Fallback(string reason) => new(ModelFreeText, AnswerModes.ExtractiveFallback, reason, _guard.Kept, _guard.Repaired, _guard.Dropped, 0);

    private List<string> Release(IReadOnlyList<string> pieces)
    {
        _held.AddRange(pieces);
        if (_guard.Kept == 0) return [];
        var released = _held.ToList();
        _held.Clear();
        return released;
    }
}
