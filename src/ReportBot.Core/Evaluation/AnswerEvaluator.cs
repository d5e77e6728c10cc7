using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using ReportBot.Core.Answering;

namespace ReportBot.Core.Evaluation;

/// <summary>
/// What <see cref="AnswerEvaluator"/> needs besides the answer's text: the question as the set states it, the whole
/// answer (citations, disagreements, retrieved passages) and the reports' texts (to check quotes). After evaluation it
/// also holds the detailed <see cref="QuestionScore"/> (with its failure strings) that results.json keeps.
/// </summary>
public sealed class AnswerEvaluationContext(EvalQuestion question, AnswerResult answer, Func<string, string?> reportText)
    : EvaluationContext(ContextName, answer.Answer)
{
    public const string ContextName = "ReportBot answer";

    public EvalQuestion Question { get; } = question;

    public AnswerResult Answer { get; } = answer;

    public Func<string, string?> ReportText { get; } = reportText;

    /// <summary>The detailed score, set by <see cref="AnswerEvaluator.EvaluateAsync"/>.</summary>
    public QuestionScore? Score { get; internal set; }
}

/// <summary>
/// The evaluation metrics as a Microsoft.Extensions.AI.Evaluation <see cref="IEvaluator"/>, with no language model
/// (<c>chatConfiguration</c> may be null): every quality metric of <see cref="EvaluationRunner.MetricNames"/> as a
/// <see cref="NumericMetric"/> (null where it does not apply to the question), each failure as a warning diagnostic.
/// Another app can put it in a <see cref="CompositeEvaluator"/> beside its own evaluators.
/// </summary>
public sealed class AnswerEvaluator : IEvaluator
{
    public IReadOnlyCollection<string> EvaluationMetricNames { get; } =
        EvaluationRunner.MetricNames.Where(n => !n.StartsWith("latency", StringComparison.Ordinal)).ToList();

    public ValueTask<EvaluationResult> EvaluateAsync(IEnumerable<ChatMessage> messages, ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null, IEnumerable<EvaluationContext>? additionalContext = null, CancellationToken cancellationToken = default)
    {
        var context = additionalContext?.OfType<AnswerEvaluationContext>().FirstOrDefault()
            ?? throw new ArgumentException($"The {nameof(AnswerEvaluator)} needs an {nameof(AnswerEvaluationContext)} (the question, the whole answer and the reports).", nameof(additionalContext));
        var score = Scorer.Score(context.Question, context.Answer, context.ReportText);
        context.Score = score;
        var values = Baseline.QuestionMetrics(score, null, context.Question);
        var result = new EvaluationResult(EvaluationMetricNames.Select(name =>
        {
            var definition = MetricCatalog.Find(name)?.Definition;
            return (EvaluationMetric)new NumericMetric(name, values.GetValueOrDefault(name), definition);
        }));
        if (score.Failures.Count > 0)
            result.AddDiagnosticsToAllMetrics(score.Failures.Select(EvaluationDiagnostic.Warning));
        return ValueTask.FromResult(result);
    }
}
