using System.Diagnostics;
using ReportBot.Core.Answering;

namespace ReportBot.Core.Evaluation;

/// <summary>One question's outcome.</summary>
public sealed record QuestionResult(EvalQuestion Question, AnswerResult? Answer, QuestionScore? Score, double LatencyMs, string? Error);

/// <summary>A metric over a set of questions: mean and how many questions it applies to.</summary>
public sealed record MetricValue(string Name, double? Value, int Count);

/// <summary>A whole run.</summary>
public sealed record EvaluationRun(string SetPath, string Target, DateTimeOffset StartedAt, IReadOnlyList<QuestionResult> Results, IReadOnlyList<MetricValue> Metrics, IReadOnlyDictionary<string, IReadOnlyList<MetricValue>> ByTag);

/// <summary>Runs a question set through an answering function (the in-process service or a bot over HTTP) and aggregates the metrics.</summary>
public static class EvaluationRunner
{
    public static readonly string[] MetricNames =
    [
        "facts", "source_recall", "retrieval_recall", "mrr", "citation_validity", "citation_support",
        "disagreement_recall", "disagreement_precision", "abstention", "latency_p50_ms", "latency_p95_ms",
    ];

    public static async Task<EvaluationRun> RunAsync(
        string setPath, string target, IReadOnlyList<EvalQuestion> questions,
        Func<EvalQuestion, CancellationToken, Task<AnswerResult>> ask,
        Func<string, string?> reportText, IProgress<int>? progress, TimeProvider time, CancellationToken cancellationToken)
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
                results.Add(new QuestionResult(q, a, Scorer.Score(q, a, reportText), sw.Elapsed.TotalMilliseconds, null));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results.Add(new QuestionResult(q, null, null, sw.Elapsed.TotalMilliseconds, e.Message));
            }
            progress?.Report(results.Count);
        }
        var tags = questions.SelectMany(q => q.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var byTag = tags.ToDictionary(t => t, t => Aggregate(results.Where(r => r.Question.Tags.Contains(t)).ToList()), StringComparer.Ordinal);
        return new EvaluationRun(setPath, target, started, results, Aggregate(results), byTag);
    }

    public static IReadOnlyList<MetricValue> Aggregate(IReadOnlyList<QuestionResult> results)
    {
        var scored = results.Where(r => r.Score is not null).Select(r => r.Score!).ToList();
        MetricValue Mean(string name, IEnumerable<double?> values)
        {
            var v = values.Where(x => x.HasValue).Select(x => x!.Value).ToList();
            return new MetricValue(name, v.Count == 0 ? null : v.Average(), v.Count);
        }
        var latencies = results.Select(r => r.LatencyMs).Order().ToList();
        // Errors count as failures of every applicable metric: a question that crashed is not skipped.
        var errors = results.Count(r => r.Error is not null);
        var abstention = Mean("abstention", scored.Select(s => (double?)(s.AbstentionCorrect ? 1 : 0)).Concat(Enumerable.Repeat<double?>(0, errors)));
        return
        [
            Mean("facts", scored.Select(s => s.Facts)),
            Mean("source_recall", scored.Select(s => s.SourceRecall)),
            Mean("retrieval_recall", scored.Select(s => s.RetrievalRecall)),
            Mean("mrr", scored.Select(s => s.ReciprocalRank)),
            Mean("citation_validity", scored.Select(s => (double?)s.CitationValidity)),
            Mean("citation_support", scored.Select(s => s.CitationSupport)),
            Mean("disagreement_recall", scored.Select(s => s.ConflictFlagged is null ? null : (double?)(s.ConflictFlagged.Value ? 1 : 0))),
            Mean("disagreement_precision", scored.Select(s => s.FalseConflict is null ? null : (double?)(s.FalseConflict.Value ? 0 : 1))),
            abstention,
            new MetricValue("latency_p50_ms", Percentile(latencies, 0.50), latencies.Count),
            new MetricValue("latency_p95_ms", Percentile(latencies, 0.95), latencies.Count),
        ];
    }

    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
