using System.Diagnostics;
using ReportBot.Core.Answering;

namespace ReportBot.Core.Evaluation;

/// <summary>One question's outcome.</summary>
public sealed record QuestionResult(EvalQuestion Question, AnswerResult? Answer, QuestionScore? Score, double LatencyMs, string? Error)
{
    /// <summary>The metrics as <see cref="AnswerEvaluator"/> (an M.E.AI.Evaluation <c>IEvaluator</c>) gave them; null when the question errored.</summary>
    public Microsoft.Extensions.AI.Evaluation.EvaluationResult? Evaluation { get; init; }
}

/// <summary>A metric over a set of questions: mean and how many questions it applies to.</summary>
public sealed record MetricValue(string Name, double? Value, int Count);

/// <summary>A whole run.</summary>
public sealed record EvaluationRun(string SetPath, string Target, DateTimeOffset StartedAt, IReadOnlyList<QuestionResult> Results, IReadOnlyList<MetricValue> Metrics, IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> ByTag)
{
    /// <summary>The metrics of each split present in the set ("dev", "test"): test results are reported, never used to choose.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> BySplit { get; init; } = new Dictionary<string, IReadOnlyList<MetricValue>>();
}

/// <summary>Runs a question set through an answering function (the in-process service or a bot over HTTP) and aggregates the metrics.</summary>
public static class EvaluationRunner
{

    public static readonly string[] MetricNames =
    [
        "facts", "source_recall", "retrieval_recall", "mrr", "citation_validity", "citation_support",
        "disagreement_recall", "disagreement_precision", "abstention", "lead_facts", "span_support", "lead_concise",
        "answer_recall", "conflict_surfaced", "em_like", "em_strict", "latency_p50_ms", "latency_p95_ms",
    ];

    /// <summary>The evaluator every question's answer goes through (after <see cref="MetricNames"/>, which it reads).</summary>
    public static readonly AnswerEvaluator Evaluator = new();

    public static async Task<EvaluationRun> RunAsync(
        string setPath, string target, IReadOnlyList<EvalQuestion> questions,
        Func<EvalQuestion, CancellationToken, Task<AnswerResult>> ask,
        Func<EvalQuestion, string, string?> reportText, IProgress<int>? progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var results = new List<QuestionResult>();
        foreach (var q in questions)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                var a = await ask(q, cancellationToken);
                sw.Stop();
                // Scored by the IEvaluator: the metrics come back as NumericMetrics, the detailed score in the context.
                var context = new AnswerEvaluationContext(q, a, id => reportText(q, id));
                var evaluation = await Evaluator.EvaluateAsync(
                    [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, q.Question)],
                    new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, a.Answer)),
                    chatConfiguration: null, additionalContext: [context], cancellationToken);
                results.Add(new QuestionResult(q, a, context.Score, sw.Elapsed.TotalMilliseconds, null) { Evaluation = evaluation });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results.Add(new QuestionResult(q, null, null, sw.Elapsed.TotalMilliseconds, e.Message));
            }
            progress?.Report(results.Count);
        }
        var tags = questions.SelectMany(q => q.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var byTag = tags.ToDictionary(t => t, t => Aggregate(results.Where(r => r.Question.Tags.Contains(t)).ToList()), StringComparer.Ordinal);
        var bySplit = questions.Select(q => q.Split).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(s => s, s => Aggregate(results.Where(r => r.Question.Split == s).ToList()), StringComparer.Ordinal);
        return new EvaluationRun(setPath, target, started, results, Aggregate(results), byTag) { BySplit = bySplit };
    }

    public static IReadOnlyList<MetricValue> Aggregate(IReadOnlyList<QuestionResult> results)
    {
        // Each question's values come from Baseline.QuestionMetrics; a question that errored counts as a failure of
        // abstention (it is not skipped) and of nothing else that could be said of it.
        var perQuestion = results.Select(r => r.Evaluation is { } e
            ? e.Metrics.ToDictionary(m => m.Key, m => (m.Value as Microsoft.Extensions.AI.Evaluation.NumericMetric)?.Value, StringComparer.Ordinal)
            : Baseline.QuestionMetrics(r.Score, r.Error, r.Question)).ToList();
        var latencies = results.Select(r => r.LatencyMs).Order().ToList();
        var list = new List<MetricValue>();
        foreach (var name in MetricNames.Where(n => !n.StartsWith("latency", StringComparison.Ordinal)))
        {
            var v = perQuestion.Select(m => m.GetValueOrDefault(name)).Where(x => x.HasValue).Select(x => x!.Value).ToList();
            list.Add(new MetricValue(name, v.Count == 0 ? null : v.Average(), v.Count));
        }
        list.Add(new MetricValue("latency_p50_ms", Percentile(latencies, 0.50), latencies.Count));
        list.Add(new MetricValue("latency_p95_ms", Percentile(latencies, 0.95), latencies.Count));
        return list;
    }

    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
