using System.Text.Json;
using ReportBot.Core.Evaluation;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Evaluation;

public sealed class BaselineTests
{
    [Fact]
    public async Task Compare_WithItself_FindsNoRegressionAndZeroDeltas()
    {
        var run = await SampleRuns.RunAsync();
        var comparison = Baseline.Compare(run, RoundTrip(ResultsFile.From(run)));

        comparison.Regressions.ShouldBeEmpty();
        comparison.NewQuestions.ShouldBeEmpty();
        comparison.RemovedQuestions.ShouldBeEmpty();
        foreach (var m in comparison.Metrics.Where(m => !m.Name.StartsWith("latency", StringComparison.Ordinal)))
        {
            m.Delta.ShouldBe(m.Current is null ? null : 0);
            m.IsWorse.ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Compare_WhenAnAnswerGotWorse_ReportsTheLoweredMetricsAndTheNewFailures()
    {
        var before = RoundTrip(ResultsFile.From(await SampleRuns.RunAsync()));
        var run = await SampleRuns.RunAsync(worse: true);

        var comparison = Baseline.Compare(run, before);

        var regression = comparison.Regressions.ShouldHaveSingleItem();
        regression.Id.ShouldBe("injured");
        regression.Reasons.ShouldBe(
        [
            "facts 1 → 0", "source_recall 1 → 0.5", "disagreement_recall 1 → 0", "lead_facts 1 → 0",
            "new failure: missing fact twelve / 12", "new failure: expected disagreement not flagged",
        ], ignoreOrder: true);
        comparison.Metric("facts")!.IsWorse.ShouldBeTrue();
        comparison.Metric("facts")!.Delta.ShouldBe(-0.5);
        comparison.Metric("disagreement_recall")!.IsWorse.ShouldBeTrue();
        comparison.Metric("citation_validity")!.IsWorse.ShouldBeFalse();
    }

    [Fact]
    public async Task Compare_WhenAnAnswerGotBetter_ReportsNoRegression()
    {
        var before = ResultsFile.From(await SampleRuns.RunAsync(worse: true));
        var run = await SampleRuns.RunAsync();

        var comparison = Baseline.Compare(run, before);

        comparison.Regressions.ShouldBeEmpty();
        comparison.Metric("facts")!.IsBetter.ShouldBeTrue();
    }

    [Fact]
    public async Task Compare_ListsQuestionsAddedAndRemovedSinceTheBaseline()
    {
        var before = ResultsFile.From(await SampleRuns.RunAsync());
        before = before with { Questions = [.. before.Questions.Where(q => q.Id != "owner"), before.Questions[0] with { Id = "gone" }] };

        var comparison = Baseline.Compare(await SampleRuns.RunAsync(), before);

        comparison.NewQuestions.ShouldBe(["owner"]);
        comparison.RemovedQuestions.ShouldBe(["gone"]);
    }

    [Theory]
    [InlineData("latency_p95_ms", 12, 10, true)]
    [InlineData("latency_p95_ms", 8, 10, false)]
    [InlineData("facts", 0.8, 0.9, true)]
    [InlineData("facts", 0.9, 0.8, false)]
    public void MetricDelta_KnowsWhichDirectionIsWorse(string metric, double current, double previous, bool worse)
    {
        var d = new MetricDelta(metric, current, previous);
        d.IsWorse.ShouldBe(worse);
        d.IsBetter.ShouldBe(!worse);
    }

    [Theory]
    [InlineData("2 of 5 answer sentences lack a supporting citation", "1 of 5 answer sentences lack a supporting citation")]
    [InlineData("citation [3] is not verbatim at its offsets", "citation [1] is not verbatim at its offsets")]
    [InlineData("2 [n] marker(s) resolve to no citation", "1 [n] marker(s) resolve to no citation")]
    public void FailureKey_IgnoresCountsAndMarkerNumbers(string a, string b) =>
        Baseline.FailureKey(a).ShouldBe(Baseline.FailureKey(b));

    [Fact]
    public void FailureKey_KeepsTheFactsApart() =>
        Baseline.FailureKey("missing fact 11,000").ShouldNotBe(Baseline.FailureKey("missing fact 20,000"));

    [Fact]
    public async Task ResultsFile_KeepsItsSchema()
    {
        using var doc = JsonDocument.Parse(ResultsFile.From(await SampleRuns.RunAsync()).ToJson());
        var root = doc.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["set", "target", "startedAt", "metrics", "byTag", "questions", "metricCounts", "schemaVersion", "bySplit", "bySplitCounts"]);
        root.GetProperty("metrics").EnumerateObject().Select(p => p.Name).ShouldBe(EvaluationRunner.MetricNames);
        root.GetProperty("schemaVersion").GetInt32().ShouldBe(ResultsFile.CurrentSchemaVersion);
        root.GetProperty("bySplit").EnumerateObject().Select(p => p.Name).ShouldBe([QuestionSplits.Dev]);
        var item = root.GetProperty("questions")[0];
        item.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "question", "tags", "expectedAnswerable", "answer", "answerable", "confidence", "rewrittenQuestion", "citations", "disagreements", "scores", "latencyMs", "error", "split"]);
        item.GetProperty("scores").EnumerateObject().Select(p => p.Name).ShouldBe(["facts", "sourceRecall", "retrievalRecall", "reciprocalRank", "citationValidity", "citationSupport", "conflictFlagged", "falseConflict", "abstentionCorrect", "failures",
            "leadFacts", "spanSupport", "leadConcise", "answerRecall", "conflictSurfaced", "emLike", "emStrict"]);
        item.GetProperty("citations")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["n", "reportId", "title", "publisher", "published", "quote", "start", "end"]);
    }

    [Fact]
    public void Load_AResultsFileWithoutTheNewerFields_Reads()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("baseline"), "results.json");
        File.WriteAllText(path, """{"set":"s","target":"in-process","startedAt":"2026-11-23T08:32:46+00:00","metrics":{"facts":0.5},"byTag":{},"questions":[{"id":"a","question":"q","tags":[],"expectedAnswerable":true,"answer":null,"answerable":null,"confidence":null,"rewrittenQuestion":null,"citations":[],"disagreements":[],"scores":null,"latencyMs":1,"error":"boom"}]}""");

        var file = ResultsFile.Load(path);

        file.Metrics["facts"].ShouldBe(0.5);
        file.Questions.ShouldHaveSingleItem().Error.ShouldBe("boom");
        file.SchemaVersion.ShouldBe(1);
    }

    [Fact]
    public void Load_NotAResultsFile_ThrowsInvalidData()
    {
        var path = Path.Combine(TestPaths.NewTempFolder("baseline"), "results.json");
        File.WriteAllText(path, "[1, 2]");
        Should.Throw<InvalidDataException>(() => ResultsFile.Load(path)).Message.ShouldContain("is not a results.json");
    }

    private static ResultsFile RoundTrip(ResultsFile file)
    {
        var path = Path.Combine(TestPaths.NewTempFolder("baseline"), "results.json");
        File.WriteAllText(path, file.ToJson());
        return ResultsFile.Load(path);
    }
}
