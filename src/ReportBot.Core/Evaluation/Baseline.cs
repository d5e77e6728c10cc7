using System.Text.RegularExpressions;

namespace ReportBot.Core.Evaluation;

/// <summary>A metric of this run against the same metric of the baseline run.</summary>
/// <param name="Name">Metric name.</param>
/// <param name="Current">This run's value (null: the metric applies to no question).</param>
/// <param name="Previous">The baseline's value (null: absent or not applicable there).</param>
public sealed record MetricDelta(string Name, double? Current, double? Previous)
{
    /// <summary>Changes smaller than this are noise (rounding of shares over ~100 questions is 0.01).</summary>
    public const double Tolerance = 1e-9;

    public double? Delta => Current is { } c && Previous is { } p ? c - p : null;

    /// <summary>True when the value moved in the bad direction (down, or up for latencies).</summary>
    public bool IsWorse => Delta is { } d && (MetricCatalog.HigherIsBetter(Name) ? d < -Tolerance : d > Tolerance);

    public bool IsBetter => Delta is { } d && (MetricCatalog.HigherIsBetter(Name) ? d > Tolerance : d < -Tolerance);
}

/// <summary>A question that did worse than in the baseline, and why.</summary>
/// <param name="Id">Question id.</param>
/// <param name="Reasons">Each lowered metric ("facts 1 → 0.5") and each new failure ("new failure: missing fact 4,000").</param>
public sealed record QuestionRegression(string Id, IReadOnlyList<string> Reasons);

/// <summary>This run compared with a previous results.json.</summary>
/// <param name="BaselineStartedAt">When the baseline run started.</param>
/// <param name="Metrics">Every metric of this run with the baseline's value.</param>
/// <param name="Regressions">Questions in both runs that did worse, in set order.</param>
/// <param name="NewQuestions">Ids in this run but not in the baseline.</param>
/// <param name="RemovedQuestions">Ids in the baseline but not in this run.</param>
public sealed record BaselineComparison(
    DateTimeOffset BaselineStartedAt,
    IReadOnlyList<MetricDelta> Metrics,
    IReadOnlyList<QuestionRegression> Regressions,
    IReadOnlyList<string> NewQuestions,
    IReadOnlyList<string> RemovedQuestions)
{
    public MetricDelta? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);

    public QuestionRegression? RegressionOf(string id) => Regressions.FirstOrDefault(r => r.Id == id);
}

/// <summary>
/// Compares a run with a baseline (a previous results.json): per-metric deltas, and the questions that regressed — a
/// per-question metric that went down, or a failure that the baseline did not have. Latency is compared only in
/// aggregate (one question's timing is noise).
/// </summary>
public static partial class Baseline
{
    public static BaselineComparison Compare(EvaluationRun run, ResultsFile baseline)
    {
        var metrics = run.Metrics.Select(m => new MetricDelta(m.Name, m.Value, baseline.Metrics.GetValueOrDefault(m.Name))).ToList();
        var previous = baseline.Questions.GroupBy(q => q.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var regressions = new List<QuestionRegression>();
        foreach (var r in run.Results)
        {
            if (!previous.TryGetValue(r.Question.Id, out var before)) continue;
            var reasons = new List<string>();
            var now = QuestionMetrics(r.Score, r.Error);
            var then = QuestionMetrics(before.Scores, before.Error);
            foreach (var (name, value) in now)
                if (value is { } v && then.GetValueOrDefault(name) is { } p && v < p - MetricDelta.Tolerance)
                    reasons.Add($"{name} {Format(p)} → {Format(v)}");
            var known = Failures(before.Scores, before.Error).Select(FailureKey).ToHashSet(StringComparer.Ordinal);
            foreach (var f in Failures(r.Score, r.Error))
                if (!known.Contains(FailureKey(f))) reasons.Add($"new failure: {f}");
            if (reasons.Count > 0) regressions.Add(new QuestionRegression(r.Question.Id, reasons));
        }
        var ids = run.Results.Select(r => r.Question.Id).ToHashSet(StringComparer.Ordinal);
        return new BaselineComparison(
            baseline.StartedAt, metrics, regressions,
            run.Results.Select(r => r.Question.Id).Where(id => !previous.ContainsKey(id)).ToList(),
            baseline.Questions.Select(q => q.Id).Where(id => !ids.Contains(id)).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Reads a previous results.json and compares.</summary>
    /// <exception cref="InvalidDataException">The file is not a results.json.</exception>
    public static BaselineComparison Compare(EvaluationRun run, string baselinePath) => Compare(run, ResultsFile.Load(baselinePath));

    /// <summary>One question's value of every quality metric (the names of <see cref="EvaluationRunner.MetricNames"/>), null where it does not apply.</summary>
    public static IReadOnlyDictionary<string, double?> QuestionMetrics(QuestionScore? s, string? error, EvalQuestion? question = null)
    {
        if (s is null)
        {
            // A question that errored failed abstention, and with gold answers it found none of them; nothing else can be said of it.
            var failed = new Dictionary<string, double?>(StringComparer.Ordinal) { ["abstention"] = error is null ? null : 0 };
            if (error is not null && question is { GoldAnswers.Count: > 0 })
                failed["answer_recall"] = failed["em_like"] = failed["em_strict"] = 0;
            return failed;
        }
        return new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["facts"] = s.Facts,
            ["source_recall"] = s.SourceRecall,
            ["retrieval_recall"] = s.RetrievalRecall,
            ["mrr"] = s.ReciprocalRank,
            ["citation_validity"] = s.CitationValidity,
            ["citation_support"] = s.CitationSupport,
            ["disagreement_recall"] = s.ConflictFlagged is { } flagged ? (flagged ? 1 : 0) : null,
            ["disagreement_precision"] = s.FalseConflict is { } wrong ? (wrong ? 0 : 1) : null,
            ["abstention"] = s.AbstentionCorrect ? 1 : 0,
            ["lead_facts"] = s.LeadFacts,
            ["span_support"] = s.SpanSupport,
            ["lead_concise"] = s.LeadConcise,
            ["answer_recall"] = s.AnswerRecall,
            ["conflict_surfaced"] = s.ConflictSurfaced,
            ["em_like"] = s.EmLike,
            ["em_strict"] = s.EmStrict,
        };
    }

    /// <summary>What failed for one question: the scorer's failure strings, or the error.</summary>
    public static IReadOnlyList<string> Failures(QuestionScore? s, string? error) =>
        error is not null ? [$"error: {error}"] : s?.Failures ?? [];

    /// <summary>
    /// A failure without the parts that change when it gets better or merely renumbers ("2 of 5 answer sentences",
    /// "citation [3]"), so that the same failure is not reported as new.
    /// </summary>
    public static string FailureKey(string failure) => Marker().Replace(LeadingCount().Replace(failure, "#"), "[#]");

    private static string Format(double v) => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[0-9]+( of [0-9]+)?")]
    private static partial Regex LeadingCount();

    [GeneratedRegex(@"\[[0-9]+\]")]
    private static partial Regex Marker();
}
