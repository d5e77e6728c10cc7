using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Claims;
using ReportBot.Core.Text;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>
/// The generative step of <see cref="AnswerService"/> in Semantic Kernel, the one path of every generated answer (HTTP,
/// streaming, Teams, Slack, the CLI, evaluation, and the plugin's <c>reports.answer</c>): the <c>reports.write</c> prompt
/// function renders the existing prompt file as an SK prompt template and runs on the kernel's chat completion service;
/// that service is the configured model, streamed when the caller streams; the answer check is
/// <see cref="AnswerCheckFilter"/>, an SK function filter over the reply; follow-ups are rewritten by <c>reports.rewrite</c>.
/// Without a chat completion service in the kernel it is disabled and every answer is model-free. A model failure
/// (after the HTTP pipeline's retries, timeouts and circuit breaker) gives the model-free answer as "extractive-fallback".
/// </summary>
public sealed partial class KernelGenerativeAnswerer : IGenerativeAnswerer
{
    private readonly Kernel _kernel;
    private readonly ILogger _logger;

    /// <summary>The generative step over <paramref name="kernel"/> (the answer check is added to it when missing).</summary>
    /// <param name="kernel">A kernel with a chat completion service (or none: model-free), ideally with the <c>reports</c> prompt functions.</param>
    /// <param name="logger">Hears how each generated answer ended (never the prompt, the reply or a key).</param>
    public KernelGenerativeAnswerer(Kernel kernel, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        // No generated text may bypass the check: a kernel without it gets it.
        if (!kernel.FunctionInvocationFilters.OfType<AnswerCheckFilter>().Any()) kernel.FunctionInvocationFilters.Add(new AnswerCheckFilter());
        _kernel = kernel;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public bool IsEnabled => _kernel.Services.GetService<IChatCompletionService>() is not null;

    /// <inheritdoc />
    public async Task<GeneratedAnswer> ComposeAsync(string question, AnswerComposer.Composed composed, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composed);
        if (!IsEnabled) return new GeneratedAnswer(composed.Text, AnswerModes.Extractive, null, 0, 0, 0, 0);
        var check = AnswerCheck.For(composed);
        var written = await WriteAsync(question, check, onDelta, cancellationToken);
        Log(written);
        return written;
    }

    private async Task<GeneratedAnswer> WriteAsync(string question, AnswerCheck check, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        var write = ReportsKernel.PromptFunction(_kernel, ReportsKernel.WriteFunction);
        var arguments = WriteArguments(question, check);
        try
        {
            if (onDelta is null)
                await _kernel.InvokeAsync(write, arguments, cancellationToken);
            else
                await foreach (var piece in _kernel.InvokeStreamingAsync<string>(write, arguments, cancellationToken))
                    await onDelta(piece, cancellationToken); // checked pieces: the filter releases nothing else
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // HTTP errors after retries, timeouts, an open circuit, malformed replies: the model-free answer stands.
            return check.Failed(e);
        }
        return check.Outcome();
    }

    /// <inheritdoc />
    public async Task<string?> RewriteAsync(string question, IReadOnlyList<ChatTurn>? history, CancellationToken cancellationToken)
    {
        if (!IsEnabled || history is not { Count: > 0 }) return null;
        var turns = string.Join("\n", history.TakeLast(6).Select(t => $"{(t.Role == "assistant" ? "assistant" : "user")}: {Untrusted(Shorten(t.Content, 600))}"));
        try
        {
            var reply = await _kernel.InvokeAsync(ReportsKernel.PromptFunction(_kernel, ReportsKernel.RewriteFunction),
                new KernelArguments { ["history"] = turns, ["question"] = Untrusted(question) }, cancellationToken);
            var text = reply.GetValue<string>()?.Trim().Trim('"', '“', '”') ?? "";
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

    /// <summary>
    /// The arguments of <c>reports.write</c>: the question, the numbered passages (each between <c>&lt;passage&gt;</c>
    /// delimiters), the disagreements with their sides, and the <see cref="AnswerCheck"/> the filter runs. Report text and
    /// the question are untrusted: their angle brackets are neutralised (they cannot close a delimiter or open a chat
    /// message tag), and the passages, set into the template as markup, are XML-escaped (SK reads the rendered prompt as
    /// XML and gives the model the text back unescaped).
    /// </summary>
    public static KernelArguments WriteArguments(string question, AnswerCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var passages = new StringBuilder();
        foreach (var c in check.Citations)
        {
            var source = string.Join(", ", new[] { c.Publisher ?? c.Title, c.Published ?? "undated" });
            passages.Append(CultureInfo.InvariantCulture, $"<passage n=\"{c.N}\" source=\"{Markup(source).Replace("\"", "'", StringComparison.Ordinal)}\">\n{Markup(c.Quote)}\n</passage>\n");
        }
        var notes = new StringBuilder();
        foreach (var d in check.Disagreements)
        {
            var sides = d.Claims.GroupBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
                .Select(g => $"\"{Markup(g.Key)}\" {string.Concat(g.Select(x => x.N).Distinct().Order().Select(n => $"[{n}]"))}");
            notes.Append(CultureInfo.InvariantCulture, $"- {Markup(d.Topic)} ({d.Kind.ApiName()}): {string.Join(" versus ", sides)}\n");
        }
        if (notes.Length == 0) notes.Append("(none)\n");
        return new KernelArguments
        {
            ["question"] = Untrusted(question),
            ["passages"] = passages.ToString().TrimEnd(),
            ["disagreements"] = notes.ToString().TrimEnd(),
            [AnswerCheckFilter.CheckArgument] = check,
        };
    }

    private void Log(GeneratedAnswer a)
    {
        // The reason is an exception type and message (status and server message); keys, prompts and replies are never logged.
        if (a.FallbackReason is { } reason)
            _logger.LogWarning("Model answer failed, model-free answer used: {Reason}", reason);
        else
            _logger.LogInformation("Model answer: {Kept} sentences kept ({Repaired} repaired), {Dropped} dropped, {Notes} disagreement notes appended", a.Kept, a.Repaired, a.Dropped, a.NotesAppended);
    }

    /// <summary>Report text (or a user's words) put into a prompt: no angle brackets, and no character XML cannot carry (SK parses the prompt as XML).</summary>
    private static string Untrusted(string text)
    {
        var neutral = AngleBrackets().Replace(text, m => m.Value == "<" ? "‹" : "›");
        StringBuilder? kept = null;
        for (var i = 0; i < neutral.Length; i++)
        {
            var pair = i + 1 < neutral.Length && XmlConvert.IsXmlSurrogatePair(neutral[i + 1], neutral[i]);
            if (pair || XmlConvert.IsXmlChar(neutral[i]))
                kept?.Append(neutral, i, pair ? 2 : 1);
            else
                kept ??= new StringBuilder(neutral.Length).Append(neutral, 0, i);
            if (pair) i++;
        }
        return kept?.ToString() ?? neutral;
    }

    /// <summary>Untrusted text set into the template as markup (passages, disagreements): also XML-escaped.</summary>
    private static string Markup(string text) => Untrusted(text).Replace("&", "&amp;", StringComparison.Ordinal);

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    [GeneratedRegex("[<>]")]
    private static partial Regex AngleBrackets();
}
