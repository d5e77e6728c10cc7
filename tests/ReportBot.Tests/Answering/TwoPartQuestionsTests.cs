using ReportBot.Core.Answering;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A question that asks two things is answered as two and the answers joined, their citations in one sequence; a length
/// and a stretch of time are never two sides of "how long". Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class TwoPartQuestionsTests(QdrantFixture qdrant)
{
    [Theory]
    [InlineData("How long is the Fenwick ferry route and how many crossings does it make?", "How long is the Fenwick ferry route?", "How many crossings does it make?")]
    [InlineData("Which charity runs the shelter, and who is its director?", "Which charity runs the shelter?", "Who is its director?")]
    [InlineData("By 4 May, how many homes had been flooded, and how many of those were insured?", "By 4 May, how many homes had been flooded?", "By 4 May, how many of those were insured?")]
    public void A_question_asking_two_things_is_split_in_two(string question, string first, string second) =>
        TwoPartQuestions.Split(question).ShouldBe((first, second));

    [Theory]
    [InlineData("Where and when are the defendants due in court next?")]
    [InlineData("Who did he take over from, and when?")]
    [InlineData("Did the council and the trust agree on the figure?")]
    [InlineData("What did the mayor say and what did she mean by it")]
    public void A_question_asking_one_thing_is_left_whole(string question) =>
        TwoPartQuestions.Split(question).ShouldBeNull();

    [Fact]
    public void The_second_answers_citations_follow_the_firsts_and_a_shared_quote_keeps_its_number()
    {
        Citation C(int n, string report, int start) => new(n, report, report, null, null, "quote " + report + start, start, start + 10);
        var first = new AnswerResult("The reports give 12 km [1].\n\nSources:\n- A: “quote a0” [1]", true, [C(1, "a", 0)], [], "q1?", []);
        var second = new AnswerResult("The reports give 16 stops [1][2].\n\nSources:\n- B: “quote b5” [1]\n- A: “quote a0” [2]", true, [C(1, "b", 5), C(2, "a", 0)], [], "q2?", []);

        var joined = TwoPartQuestions.Join(("q1?", "q2?"), first, second);

        joined.Citations.Select(c => (c.N, c.ReportId)).ShouldBe([(1, "a"), (2, "b")]);
        joined.Answer.ShouldStartWith("The reports give 12 km [1].\n\nThe reports give 16 stops [2][1].\n\nSources:\n");
        joined.Answer.Split('\n').Count(l => l.StartsWith("- A:", StringComparison.Ordinal)).ShouldBe(1);
    }

    // The line saying a part is unanswered makes no claim of the reports: the evaluation does not count it as an uncited
    // sentence; the answered part's sentence still counts.
    [Fact]
    public void A_part_left_unanswered_is_no_uncited_claim_in_the_evaluation()
    {
        var first = new AnswerResult("The reports give 12 km [1].\n\nSources:\n- A: “quote a0” [1]", true,
            [new Citation(1, "a", "a", null, null, "quote a0", 0, 8)], [], "q1?", []);
        var second = new AnswerResult(AnswerComposer.NotAnswered, false, [], [], "q2?", []);

        var joined = TwoPartQuestions.Join(("How long is the Tillby causeway?", "Who owns the Tillby causeway?"), first, second);

        joined.Answer.ShouldContain("“Who owns the Tillby causeway?”: " + TwoPartQuestions.PartNotAnswered);
        ReportBot.Core.Evaluation.Scorer.AnswerSentences(joined.Answer).ShouldBe(["The reports give 12 km [1].", "A: “quote a0” [1]"]);
    }

    [Fact]
    public async Task Both_parts_are_answered_from_the_reports_and_how_long_is_a_length_not_a_closure()
    {
        var dir = TestPaths.NewTempFolder("two-part-corpus");
        File.WriteAllText(Path.Combine(dir, "fenwick-council.md"),
            "---\ntitle: \"Fenwick ferry returns\"\npublisher: Fenwick Council\npublished: 2026-05-02\n---\n" +
            "The Fenwick ferry route is 14.5 km long, from Harl Quay to Osby Point.\n\n" +
            "Fares are set by the council each spring.\n");
        File.WriteAllText(Path.Combine(dir, "osby-gazette.md"),
            "---\ntitle: \"Ferry back on the water\"\npublisher: Osby Gazette\npublished: 2026-05-03\n---\n" +
            "The Fenwick ferry will make nine crossings a day in summer.\n\n" +
            "The ferry route was closed for 18 months while the quays were rebuilt.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How long is the Fenwick ferry route and how many crossings does the ferry make?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldBeEmpty(a.Answer);
        var lead = a.Answer[..a.Answer.IndexOf("\n\nSources:", StringComparison.Ordinal)];
        lead.ShouldContain("14.5 km", Case.Sensitive, a.Answer);
        lead.ShouldContain("nine", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("18 months", Case.Sensitive, a.Answer);
        a.Citations.Select(c => c.N).ShouldBe(Enumerable.Range(1, a.Citations.Count));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(a.Answer, @"\[(\d+)\]"))
            int.Parse(m.Groups[1].Value).ShouldBeInRange(1, a.Citations.Count, a.Answer);
    }
}
