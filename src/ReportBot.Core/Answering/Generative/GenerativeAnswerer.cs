using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using ReportBot.Core.Text;

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
/// The optional generative step, after evidence selection: the model gets the numbered evidence (delimited, marked as
/// untrusted data) and the disagreements already detected, and writes the answer; <see cref="AnswerGuard"/> then enforces
/// the guarantees. Citations and disagreements are those of the model-free composer, unchanged. With no
/// <see cref="IChatClient"/> it is disabled and nothing changes. Also rewrites follow-ups into standalone questions.
/// <paramref name="observer"/> hears how each generated answer ended (for logs and metrics; Core does not log).
/// </summary>
public sealed partial class GenerativeAnswerer(IChatClient? chat, PromptTemplates prompts, ChatOptions? requestOptions = null, Action<GeneratedAnswer>? observer = null)
{
    /// <summary>A disabled instance: every answer is model-free.</summary>
    public static GenerativeAnswerer Disabled { get; } = new(null, new PromptTemplates("", "", "", ""));

    /// <summary>True when a chat model is configured.</summary>
    public bool IsEnabled => chat is not null;

    /// <summary>The system and user messages for <paramref name="question"/> over the composed evidence.</summary>
    public IReadOnlyList<ChatMessage> BuildMessages(string question, IReadOnlyList<Citation> citations, IReadOnlyList<Disagreement> disagreements)
    {
        var passages = new StringBuilder();
        foreach (var c in citations)
        {
            var source = string.Join(", ", new[] { c.Publisher ?? c.Title, c.Published ?? "undated" });
            passages.Append($"<passage n=\"{c.N}\" source=\"{Untrusted(source).Replace("\"", "'", StringComparison.Ordinal)}\">\n{Untrusted(c.Quote)}\n</passage>\n");
        }
        var notes = new StringBuilder();
        foreach (var d in disagreements)
        {
            var sides = d.Claims.GroupBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
                .Select(g => $"\"{Untrusted(g.Key)}\" {string.Concat(g.Select(x => x.N).Distinct().Order().Select(n => $"[{n}]"))}");
            notes.Append($"- {Untrusted(d.Topic)} ({d.Kind}): {string.Join(" versus ", sides)}\n");
        }
        if (notes.Length == 0) notes.Append("(none)\n");
        var user = PromptTemplates.Fill(prompts.AnswerUser, new Dictionary<string, string>
        {
            ["question"] = Untrusted(question),
            ["passages"] = passages.ToString().TrimEnd(),
            ["disagreements"] = notes.ToString().TrimEnd(),
        });
        return [new ChatMessage(ChatRole.System, prompts.AnswerSystem.Trim()), new ChatMessage(ChatRole.User, user)];
    }

    /// <summary>
    /// Writes the answer with the model and checks it. Streams when <paramref name="onDelta"/> is given (each piece is final
    /// text of the answer). Any model failure, or nothing usable, gives the model-free text as "extractive-fallback"; after
    /// such a failure mid-stream the pieces already sent are superseded by the returned text.
    /// </summary>
    public async Task<GeneratedAnswer> ComposeAsync(string question, AnswerComposer.Composed composed, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(question, composed, onDelta, cancellationToken);
        if (result.Mode != AnswerModes.Extractive) observer?.Invoke(result);
        return result;
    }

    private async Task<GeneratedAnswer> WriteAsync(string question, AnswerComposer.Composed composed, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        if (chat is null) return new GeneratedAnswer(composed.Text, AnswerModes.Extractive, null, 0, 0, 0, 0);
        var guard = new AnswerGuard(composed.Citations, composed.Disagreements, Notes(composed));
        var messages = BuildMessages(question, composed.Citations, composed.Disagreements);
        GeneratedAnswer Fallback(string reason) => new(composed.Text, AnswerModes.ExtractiveFallback, reason, guard.Kept, guard.Repaired, guard.Dropped, 0);
        try
        {
            if (onDelta is null)
            {
                var response = await chat.GetResponseAsync(messages, requestOptions?.Clone(), cancellationToken);
                guard.Push(response.Text ?? "");
                guard.Complete();
            }
            else
            {
                // Pieces are held back until the first sentence survives, so a reply that is all noise sends nothing.
                var held = new List<string>();
                async ValueTask Emit(IReadOnlyList<string> pieces)
                {
                    held.AddRange(pieces);
                    if (guard.Kept == 0) return;
                    foreach (var p in held) await onDelta(p, cancellationToken);
                    held.Clear();
                }
                await foreach (var update in chat.GetStreamingResponseAsync(messages, requestOptions?.Clone(), cancellationToken))
                    if (update.Text is { Length: > 0 } token) await Emit(guard.Push(token));
                await Emit(guard.Complete());
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // HTTP errors after retries, timeouts, an open circuit, malformed replies: the model-free answer stands.
            return Fallback($"{e.GetType().Name}: {e.Message}");
        }
        if (guard.Kept == 0) return Fallback("the model's reply had no supported sentence");
        return new GeneratedAnswer(guard.Text, AnswerModes.Generative, null, guard.Kept, guard.Repaired, guard.Dropped, guard.NotesAppended);
    }

    /// <summary>
    /// The follow-up rewritten by the model as a standalone question, or null (no model, no history, a failure, or a reply
    /// that is not a single plausible question) so that the deterministic rewriter is used.
    /// </summary>
    public async Task<string?> RewriteAsync(string question, IReadOnlyList<ChatTurn>? history, CancellationToken cancellationToken)
    {
        if (chat is null || history is not { Count: > 0 }) return null;
        var turns = string.Join("\n", history.TakeLast(6).Select(t => $"{(t.Role == "assistant" ? "assistant" : "user")}: {Untrusted(Shorten(t.Content, 600))}"));
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, prompts.RewriteSystem.Trim()),
            new(ChatRole.User, PromptTemplates.Fill(prompts.RewriteUser, new Dictionary<string, string> { ["history"] = turns, ["question"] = Untrusted(question) })),
        };
        try
        {
            var options = requestOptions?.Clone() ?? new ChatOptions();
            options.MaxOutputTokens = 120;
            var text = (await chat.GetResponseAsync(messages, options, cancellationToken)).Text?.Trim().Trim('"', '“', '”') ?? "";
            if (text.Length == 0 || text.Contains('\n') || text.Length > question.Length + 300 || Terms.Of(text).Count == 0 || text.Contains('<')) return null;
            return text;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The model-free composer's note for each disagreement (its "The reports disagree" paragraph), in order.</summary>
    internal static IReadOnlyList<string> Notes(AnswerComposer.Composed composed)
    {
        var paragraphs = composed.Text.Split("\n\n").Where(p => p.StartsWith("**The reports disagree**", StringComparison.Ordinal)).ToList();
        if (paragraphs.Count == composed.Disagreements.Count) return paragraphs;
        return composed.Disagreements.Select(d =>
            $"**The reports disagree**: {d.Summary} {string.Concat(d.Claims.Select(c => c.N).Distinct().Order().Select(n => $"[{n}]"))}").ToList();
    }

    /// <summary>Report text (or a user's words) put into a prompt: it cannot open or close a delimiter.</summary>
    internal static string Untrusted(string text) => AngleBrackets().Replace(text, m => m.Value == "<" ? "‹" : "›");

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    [GeneratedRegex("[<>]")]
    private static partial Regex AngleBrackets();
}
