namespace ReportBot.Core.Evaluation;

/// <summary>What a metric measures and which direction is better (the definitions in docs/evaluation.md).</summary>
/// <param name="Name">Name as printed and written in results.json.</param>
/// <param name="Definition">One or two sentences.</param>
/// <param name="HigherIsBetter">False for latencies.</param>
/// <param name="IsShare">True when the value is a share from 0 to 1 (charts use that scale).</param>
public sealed record MetricInfo(string Name, string Definition, bool HigherIsBetter, bool IsShare);

/// <summary>The metrics of <see cref="EvaluationRunner"/>, with the definitions taken from <see cref="Scorer"/>.</summary>
public static class MetricCatalog
{
    public static readonly IReadOnlyList<MetricInfo> All =
    [
        new("facts", "Share of expected facts with at least one alternative spelling in the answer (case-insensitive, whitespace-normalised); answerable questions with facts only.", true, true),
        new("source_recall", "Share of the expected source reports that the answer cites.", true, true),
        new("retrieval_recall", $"Share of the expected source reports among the top {Scorer.K} retrieved passages.", true, true),
        new("mrr", "Reciprocal rank of the first retrieved passage from an expected report (0 when none is retrieved).", true, true),
        new("citation_validity", "Share of citations whose quote is exactly the report text at its offsets, counting every [n] marker that resolves to no citation as invalid.", true, true),
        new("citation_support", "Share of answer sentences whose cited quotes support them: at least 60% of their content words (stems) and every number they state occur in the quotes; naming the cited report needs no support.", true, true),
        new("disagreement_recall", "Share of questions with an expected disagreement where the answer flags one that mentions every expected side.", true, true),
        new("disagreement_precision", "Share of answerable questions without an expected disagreement that get no disagreement flagged.", true, true),
        new("abstention", "Share of questions where the bot declines exactly when the question is unanswerable (and then cites nothing); a question that errored counts as wrong.", true, true),
        new("lead_facts", "Share of expected facts stated in the lead: the direct answer before the quoted sources (the text before the 'Sources:' line, else the first paragraph); a declined answer states none.", true, true),
        new("span_support", "Share of the figures, month names and names stated in the lead that occur in every quote (or that report's title, publisher, date) cited right after them.", true, true),
        new("lead_concise", $"Share of answered questions whose lead (before the quoted sources) has at most {Scorer.LeadWordLimit} words, [n] markers not counted.", true, true),
        new("answer_recall", "Gold-answer sets: share of questions where every gold answer appears in the answer (SQuAD-normalised, whole words).", true, true),
        new("conflict_surfaced", "Share of questions whose documents give two or more different answers where the bot flags a disagreement or states each answer.", true, true),
        new("em_like", "Gold-answer sets: every gold answer appears and no wrong answer is asserted in the lead (a wrong answer shown as a side of a flagged disagreement is not asserted).", true, true),
        new("em_strict", "Gold-answer sets, scored as the RAMDocs paper does: every gold answer appears and no wrong answer appears anywhere in the answer.", true, true),
        new("latency_p50_ms", "Median time to answer one question, in milliseconds (in-process answering, or the HTTP round trip with --endpoint).", false, false),
        new("latency_p95_ms", "95th percentile of the time to answer one question, in milliseconds.", false, false),
    ];

    public static MetricInfo? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    public static bool HigherIsBetter(string name) => Find(name)?.HigherIsBetter ?? true;
}
