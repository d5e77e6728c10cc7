using System.Text.Json;
using ReportBot.Core.Answering;

namespace ReportBot.Core.Evaluation;

/// <summary>
/// The stable schema of results.json: the run's metrics (overall and per tag), and every question with its answer,
/// citations, disagreements, scores (with the failure strings) and latency. Fields are only ever added, never renamed,
/// so a results.json of an earlier run can serve as a baseline.
/// </summary>
public sealed record ResultsFile(
    string Set,
    string Target,
    DateTimeOffset StartedAt,
    Dictionary<string, double?> Metrics,
    Dictionary<string, Dictionary<string, double?>> ByTag,
    List<ResultsFile.Item> Questions,
    Dictionary<string, int>? MetricCounts = null,
    int SchemaVersion = 1,
    Dictionary<string, Dictionary<string, double?>>? BySplit = null,
    Dictionary<string, Dictionary<string, int>>? BySplitCounts = null)
{
    /// <summary>1: the first published shape plus <c>metricCounts</c> and <c>schemaVersion</c>. 2: <c>bySplit</c>,
    /// <c>bySplitCounts</c>, each question's <c>split</c>, and the metrics lead_facts, span_support, answer_recall,
    /// conflict_surfaced, em_like, em_strict.</summary>
    public const int CurrentSchemaVersion = 2;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>One question's outcome in results.json.</summary>
    public sealed record Item(string Id, string Question, IReadOnlyList<string> Tags, bool ExpectedAnswerable, string? Answer, bool? Answerable, double? Confidence, string? RewrittenQuestion,
        IReadOnlyList<Citation> Citations, IReadOnlyList<Disagreement> Disagreements, QuestionScore? Scores, double LatencyMs, string? Error, string? Split = null);

    public static ResultsFile From(EvaluationRun run) => new(
        run.SetPath, run.Target, run.StartedAt,
        run.Metrics.ToDictionary(m => m.Name, m => m.Value),
        run.ByTag.ToDictionary(t => t.Key, t => t.Value.ToDictionary(m => m.Name, m => m.Value)),
        run.Results.Select(r => new Item(r.Question.Id, r.Question.Question, r.Question.Tags, r.Question.Answerable, r.Answer?.Answer, r.Answer?.Answerable, r.Answer?.Confidence, r.Answer?.RewrittenQuestion,
            r.Answer?.Citations ?? [], r.Answer?.Disagreements ?? [], r.Score, Math.Round(r.LatencyMs, 2), r.Error, r.Question.Split)).ToList(),
        run.Metrics.ToDictionary(m => m.Name, m => m.Count),
        CurrentSchemaVersion,
        run.BySplit.ToDictionary(t => t.Key, t => t.Value.ToDictionary(m => m.Name, m => m.Value)),
        run.BySplit.ToDictionary(t => t.Key, t => t.Value.ToDictionary(m => m.Name, m => m.Count)));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a results.json written by this or an earlier version.</summary>
    /// <exception cref="InvalidDataException">The file is not a results.json.</exception>
    public static ResultsFile Load(string path)
    {
        ResultsFile? file;
        try { file = JsonSerializer.Deserialize<ResultsFile>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a results.json: {e.Message}", e); }
        if (file?.Metrics is null || file.Questions is null) throw new InvalidDataException($"{path} is not a results.json: 'metrics' and 'questions' are required.");
        return file;
    }
}
