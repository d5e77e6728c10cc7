using ReportBot.Core.Claims;
using System.Text.Json;
using ReportBot.Core.Answering;
using ReportBot.Core.Evaluation;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Evaluation;

/// <summary>
/// Held-out splits, questions that bring their own documents, the RAMDocs reader and the metrics of issue 16
/// (lead_facts, span_support, answer_recall, conflict_surfaced, em_like). The RAMDocs lines here are written for the test
/// in the benchmark's format; the benchmark itself is never in the repository.
/// </summary>
public sealed class HeldOutSetsTests
{
    private const string RamDocsLines = """
        {"question": "What is the population of Elmstead?", "documents": [{"text": "Elmstead is a village in Essex. As of the census of 2010, there were 3,559 people living in the village.", "type": "correct", "answer": "3,559 people"}, {"text": "Elmstead is a village in Essex. In 2010 the village had 10,000 people according to the census.", "type": "misinfo", "answer": "10,000 people"}, {"text": "The Elmstead parish church dates from the twelfth century.", "type": "noise", "answer": "unknown"}], "disambig_entity": ["Elmstead, Essex"], "gold_answers": ["3,559 people"], "wrong_answers": ["10,000 people"]}
        {"question": "Who wrote The Glass Orchard?", "documents": [{"text": "The Glass Orchard is a 1950 novel by the Scottish author Morag Lindsay. It was her second book.", "type": "correct", "answer": "Morag Lindsay"}], "gold_answers": ["Morag Lindsay"], "wrong_answers": []}
        """;

    [Fact]
    public void QuestionSet_ReadsSplitAndDocuments()
    {
        var set = QuestionSet.Parse([
            """{"id":"a","question":"q","split":"test","documents":[{"text":"Some text.","title":"T","published":"2026-01-02","publisher":"P"}]}""",
            """{"id":"b","question":"r"}""",
        ]);

        set[0].Split.ShouldBe(QuestionSplits.Test);
        set[0].Documents.ShouldHaveSingleItem().ShouldBe(new EvalDocument("Some text.", "T", "2026-01-02", "P"));
        set[1].Split.ShouldBe(QuestionSplits.Dev);
        set[1].Documents.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"id":"a","question":"q","split":"train"}""", "'split' must be \"dev\" or \"test\"")]
    [InlineData("""{"id":"a","question":"q","documents":[]}""", "'documents' must not be empty")]
    [InlineData("""{"id":"a","question":"q","documents":[{"title":"x"}]}""", "'documents[0].text' is required")]
    [InlineData("""{"id":"a","question":"q","documents":[{"text":"x","author":"y"}]}""", "documents[0]: unknown field 'author'")]
    [InlineData("""{"id":"a","question":"q","documents":"text"}""", "'documents' must be an array of objects")]
    public void QuestionSet_MalformedSplitOrDocuments_IsRejectedWithItsLine(string line, string message)
    {
        var e = Should.Throw<QuestionSetException>(() => QuestionSet.Parse(["{\"id\":\"ok\",\"question\":\"fine\"}", line]));
        e.Line.ShouldBe(2);
        e.Message.ShouldContain(message);
    }

    [Fact]
    public void RamDocs_ReadsQuestionsDocumentsAnswersAndSplits()
    {
        var lines = Enumerable.Range(0, 51).SelectMany(_ => RamDocsLines.Split('\n')).ToList();

        var set = RamDocsSet.Parse(lines);

        set.Count.ShouldBe(102);
        set.Take(RamDocsSet.TestLines).ShouldAllBe(q => q.Split == QuestionSplits.Test);
        set.Skip(RamDocsSet.TestLines).ShouldAllBe(q => q.Split == QuestionSplits.Dev);
        var first = set[0];
        first.Id.ShouldBe("ramdocs-1");
        first.Documents.Count.ShouldBe(3);
        first.GoldAnswers.ShouldBe(["3,559 people"]);
        first.WrongAnswers.ShouldBe(["10,000 people"]);
        first.DocumentAnswers.ShouldBe(["3,559 people", "10,000 people", "unknown"]);
        first.Tags.ShouldBe(["ramdocs", "conflict", "misinfo", "noise"]);
        set[1].Tags.ShouldBe(["ramdocs"]);
        RamDocsSet.Parse(lines, limit: 3).Count.ShouldBe(3);
    }

    [Theory]
    [InlineData("""{"question": "q", "documents": [{"text": "t", "type": "maybe", "answer": "a"}], "gold_answers": ["a"]}""", "documents[0].type must be one of")]
    [InlineData("""{"question": "q", "documents": [{"text": "t", "type": "correct"}], "gold_answers": ["a"]}""", "'documents[0].answer' is required")]
    [InlineData("""{"question": "q", "documents": [], "gold_answers": ["a"]}""", "'documents' must not be empty")]
    [InlineData("""{"question": "q", "documents": [{"text": "t", "type": "correct", "answer": "a"}]}""", "'gold_answers' is required")]
    [InlineData("""{"question": "q", "documents": [{"text": "t", "type": "correct", "answer": "a"}], "gold_answers": ["a"], "extra": 1}""", "unknown field 'extra'")]
    [InlineData("""{"question": "q", "documents": [{"text": "t", "type": "correct", "answer": "a"}], "gold_answers": ["a"]""", "not valid JSON")]
    public void RamDocs_MalformedLine_IsRejectedWithItsLineNumber(string bad, string message)
    {
        var lines = RamDocsLines.Split('\n').Append(bad).ToList();
        var e = Should.Throw<QuestionSetException>(() => RamDocsSet.Parse(lines));
        e.Line.ShouldBe(3);
        e.Message.ShouldContain(message);
    }

    private static readonly string Courier = "About 180 people were moved to the sports hall, officials said.";
    private static readonly string Ledger = "Up to 250 people were evacuated from the estate, the council said.";
    private static Citation C(int n, string id, string quote) => new(n, id, id, id == "ledger" ? "Valley Ledger" : "Brackenford Courier", "2026-03-04", quote, 0, quote.Length);

    [Fact]
    public void Lead_IsTheTextBeforeTheSourcesList_ElseTheFirstParagraph()
    {
        Scorer.Lead("Up to 250 [1].\nThe Courier says 180 [2].\n\nSources:\n- “…” [1]").ShouldBe("Up to 250 [1].\nThe Courier says 180 [2].");
        Scorer.Lead("First paragraph [1].\n\nSecond.").ShouldBe("First paragraph [1].");
    }

    [Fact]
    public void SpanSupport_AFigureCreditedToAReportThatDoesNotStateIt_IsUnsupported()
    {
        var citations = new[] { C(1, "ledger", Ledger), C(2, "courier", Courier) };

        var (spans, unsupported) = Scorer.LeadSpans("Up to 250 people were evacuated [1][2].", citations);
        spans.ShouldBe(1);
        unsupported.ShouldBe(["250"]);

        var (fine, none) = Scorer.LeadSpans("Up to 250 people were evacuated [1]; the Brackenford Courier says about 180 [2].", citations);
        fine.ShouldBe(4); // 250; Brackenford, Courier (the cited report's publisher), 180
        none.ShouldBeEmpty();
    }

    [Fact]
    public void SpanSupport_AnOrdinalIsOneSpan_FoundWholeInItsQuote()
    {
        var citations = new[] { C(1, "podcast", "They were published on the 28th of May.") };

        var (spans, unsupported) = Scorer.LeadSpans("They were published on 28th of May [1].", citations);
        spans.ShouldBe(2); // "28th" and "May"
        unsupported.ShouldBeEmpty();
        Scorer.LeadSpans("They were published on 29th of May [1].", citations).Unsupported.ShouldBe(["29th"]);
        var loss = new[] { C(1, "weekly", "It puts the insured loss at US$0.9bn-1.3bn.") };
        Scorer.LeadSpans("The insured loss is US$0.9bn-1.3bn [1].", loss).Unsupported.ShouldBeEmpty();
        Scorer.LeadSpans("The insured loss is US$0.9bn [1].", loss).Unsupported.ShouldBeEmpty();
        Scorer.LeadSpans("The insured loss is US$0.9m [1].", loss).Unsupported.ShouldBe(["0.9m"]);
    }

    [Fact]
    public void SpanSupport_ANameWithDigitsAfterAHyphen_IsOneSpan()
    {
        var citations = new[] { C(1, "wire", "The navy will buy the Harrier-K2 and two Sea-7 drones.") };

        Scorer.LeadSpans("The navy will buy the Harrier-K2 [1].", citations).Unsupported.ShouldBeEmpty();
        Scorer.LeadSpans("The navy will buy the Harrier-K3 [1].", citations).Unsupported.ShouldBe(["Harrier-K3"]);
        Scorer.LeadSpans("The navy will buy Sea-7 drones [1].", citations).Unsupported.ShouldBeEmpty();
    }

    [Fact]
    public void LeadFacts_CountOnlyWhatTheLeadStates_NotAFigureInsideAQuote()
    {
        var q = new EvalQuestion("q", "How many were evacuated?", [], true, [["250"]], [], false, [], [], 1);
        var quoteOnly = new AnswerResult("The reports give 180 [1].\n\nSources:\n- “" + Ledger + "” [1]", true, [C(1, "ledger", Ledger)], [], "q", []);

        var score = Scorer.Score(q, quoteOnly, _ => Ledger);

        score.Facts.ShouldBe(1);
        score.LeadFacts.ShouldBe(0);
    }

    [Fact]
    public void CitationValidity_AFootnoteMarkerInsideAQuote_IsReportText_NotAMarker()
    {
        const string text = "In 1833 Clay formed a coalition.[39] It failed.";
        var quote = "In 1833 Clay formed a coalition.[39]";
        var q = new EvalQuestion("q", "When?", [], true, [], [], false, [], [], 1);
        var a = new AnswerResult($"1833 [1].\n\nSources:\n- Document 1: “{quote}” [1]", true, [new Citation(1, "doc-1", "Document 1", null, null, quote, 0, quote.Length)], [], "q", []);

        Scorer.Score(q, a, _ => text).CitationValidity.ShouldBe(1);
    }

    [Fact]
    public async Task AnswerEvaluator_IsAnIEvaluator_ThatRunsWithNoModel_InAComposite()
    {
        var q = new EvalQuestion("q", "How many were evacuated?", [], true, [["250"]], [], false, [], [], 1);
        var a = new AnswerResult("The reports give 180 [1].\n\nSources:\n- “" + Ledger + "” [1]", true, [C(1, "ledger", Ledger)], [], "q", []);
        var context = new AnswerEvaluationContext(q, a, _ => Ledger);
        Microsoft.Extensions.AI.Evaluation.IEvaluator evaluator = new Microsoft.Extensions.AI.Evaluation.CompositeEvaluator(new AnswerEvaluator());

        var result = await evaluator.EvaluateAsync(
            [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, q.Question)],
            new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, a.Answer)),
            chatConfiguration: null, additionalContext: [context], TestContext.Current.CancellationToken);

        result.Get<Microsoft.Extensions.AI.Evaluation.NumericMetric>("facts").Value.ShouldBe(1);
        result.Get<Microsoft.Extensions.AI.Evaluation.NumericMetric>("lead_facts").Value.ShouldBe(0);
        result.Get<Microsoft.Extensions.AI.Evaluation.NumericMetric>("answer_recall").Value.ShouldBeNull();
        result.Get<Microsoft.Extensions.AI.Evaluation.NumericMetric>("facts").Diagnostics!.ShouldContain(d => d.Message.Contains("only in the quotes", StringComparison.Ordinal));
        context.Score.ShouldNotBeNull().LeadFacts.ShouldBe(0);
    }

    [Fact]
    public void GoldAnswers_RecallEmLikeAndConflictSurfaced()
    {
        var q = RamDocsSet.Parse(RamDocsLines.Split('\n'))[0];
        var both = new AnswerResult("The documents disagree: 3,559 people [1]; 10,000 people [2].", true, [], [
            new Disagreement("population", DisagreementKind.Contradiction, "s", [new ClaimView("3,559 people", "s", 1, "doc-1", null, null), new ClaimView("10,000 people", "s", 2, "doc-2", null, null)])], "q", []);
        var wrongAsserted = new AnswerResult("There were 3,559 people and 10,000 people [1].", true, [], [], "q", []);
        var missing = new AnswerResult("The documents give 10,000 people [2].", true, [], [], "q", []);

        var s1 = Scorer.Score(q, both, _ => null);
        (s1.AnswerRecall, s1.EmLike, s1.EmStrict, s1.ConflictSurfaced).ShouldBe((1, 1, 0, 1));
        var s2 = Scorer.Score(q, wrongAsserted, _ => null);
        (s2.AnswerRecall, s2.EmLike, s2.EmStrict, s2.ConflictSurfaced).ShouldBe((1, 0, 0, 1));
        s2.Failures.ShouldContain("wrong answer asserted: 10,000 people");
        var s3 = Scorer.Score(q, missing, _ => null);
        (s3.AnswerRecall, s3.EmLike, s3.ConflictSurfaced).ShouldBe((0, 0, 0));
    }

    [Fact]
    public async Task EvalCommand_RamDocs_AnswersEachQuestionOverItsOwnDocuments()
    {
        var folder = TestPaths.NewTempFolder("eval-ramdocs");
        var set = Path.Combine(folder, "ramdocs.jsonl");
        await File.WriteAllTextAsync(set, RamDocsLines, TestContext.Current.CancellationToken);

        var run = await RunCliAsync(folder, "eval", "--set", set, "--format", "ramdocs", "--out", Path.Combine(folder, "out"));

        run.ExitCode.ShouldBe(0, run.Stderr + run.Stdout);
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "out", "results.json"), TestContext.Current.CancellationToken));
        var metrics = results.RootElement.GetProperty("metrics");
        foreach (var m in new[] { "answer_recall", "conflict_surfaced", "em_like", "abstention", "lead_facts", "span_support" })
            metrics.TryGetProperty(m, out _).ShouldBeTrue(m);
        results.RootElement.GetProperty("metricCounts").GetProperty("answer_recall").GetInt32().ShouldBe(2);
        results.RootElement.GetProperty("bySplit").EnumerateObject().Select(p => p.Name).ShouldBe([QuestionSplits.Test]);
        var questions = results.RootElement.GetProperty("questions").EnumerateArray().ToList();
        // Every citation quotes the question's own documents: the second question's answer can only come from its one document.
        var second = questions[1];
        second.GetProperty("citations").EnumerateArray().ShouldAllBe(c => c.GetProperty("reportId").GetString() == "doc-1");
        second.GetProperty("answer").GetString()!.ShouldContain("Morag Lindsay");
        questions.ShouldAllBe(q => q.GetProperty("scores").GetProperty("citationValidity").GetDouble() == 1);
    }

    [Fact]
    public async Task EvalCommand_MalformedRamDocsLine_StopsWithItsLineNumberAndAsksNothing()
    {
        var folder = TestPaths.NewTempFolder("eval-ramdocs-bad");
        var set = Path.Combine(folder, "ramdocs.jsonl");
        await File.WriteAllTextAsync(set, RamDocsLines + "\n{\"question\": \"q\", \"documents\": [{\"text\": 5}], \"gold_answers\": [\"a\"]}\n", TestContext.Current.CancellationToken);

        var run = await RunCliAsync(folder, "eval", "--set", set, "--format", "ramdocs", "--out", Path.Combine(folder, "out"));

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("line 3: 'documents[0].text' must be a string");
        run.Stderr.ShouldContain("Nothing was asked");
        File.Exists(Path.Combine(folder, "out", "results.json")).ShouldBeFalse();
    }

    private static Task<ReportBot.Tests.Cli.CliResult> RunCliAsync(string folder, params string[] args) =>
        ReportBot.Tests.Cli.CliRun.RunAsync(null, ["--data", Path.Combine(folder, "data"), "--corpus", TestPaths.SecondCorpus, .. args]);
}
