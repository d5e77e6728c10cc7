using Microsoft.SemanticKernel;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>
/// The answer check as a Semantic Kernel filter: after the <c>reports.write</c> prompt function returns the model's text,
/// every sentence is checked against the cited quotes by ReportBot's <see cref="AnswerGuard"/> (unsupported sentences
/// dropped or repaired, every disagreement stated with all its sides); when no sentence survives, the model-free answer
/// replaces the reply. The model-free answer the check works from is the <see cref="EvidenceArgument"/> argument.
/// </summary>
public sealed class AnswerCheckFilter : IFunctionInvocationFilter
{
    /// <summary>The argument holding the model-free <see cref="AnswerResult"/> (its citations, disagreements and text).</summary>
    public const string EvidenceArgument = "evidence";

    /// <inheritdoc />
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context);
        if (context.Function.PluginName != ReportsKernel.PluginName || context.Function.Name != ReportsKernel.WriteFunction) return;
        if (!context.Arguments.TryGetValue(EvidenceArgument, out var value) || value is not AnswerResult evidence)
            throw new InvalidOperationException($"{ReportsKernel.PluginName}.{ReportsKernel.WriteFunction} needs the model-free answer in the '{EvidenceArgument}' argument.");
        var guard = new AnswerGuard(evidence.Citations, evidence.Disagreements, Notes(evidence));
        guard.Push(context.Result.GetValue<string>() ?? "");
        guard.Complete();
        var checkedAnswer = guard.Kept == 0 ? evidence with { Mode = AnswerModes.ExtractiveFallback } : evidence with { Answer = guard.Text, Mode = AnswerModes.Generative };
        context.Result = new FunctionResult(context.Result, checkedAnswer);
    }

    /// <summary>The model-free answer's "The reports disagree" paragraph of each disagreement, in order.</summary>
    private static List<string> Notes(AnswerResult evidence)
    {
        var paragraphs = evidence.Answer.Split("\n\n").Where(p => p.StartsWith("**The reports disagree**", StringComparison.Ordinal)).ToList();
        return paragraphs.Count == evidence.Disagreements.Count
            ? paragraphs
            : evidence.Disagreements.Select(d => $"**The reports disagree**: {d.Summary} {string.Concat(d.Claims.Select(c => c.N).Distinct().Order().Select(n => $"[{n}]"))}").ToList();
    }
}
