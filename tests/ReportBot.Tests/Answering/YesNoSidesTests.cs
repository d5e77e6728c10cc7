using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A yes/no question can be answered both ways inside one report when the report tells who says which ("The firm said it
/// had never been warned … Inspection records show an inspector warned the firm …"): both are sides. Without a named
/// source for either, the report's one answer is kept. Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class YesNoSidesTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task OneReportTellingWhoSaysYesAndWhoSaysNo_GivesBothSides()
    {
        var dir = TestPaths.NewTempFolder("yes-no-sides-corpus");
        File.WriteAllText(Path.Combine(dir, "valley-courier.md"),
            "---\ntitle: Questions over Dunmore pipeline\npublisher: Valley Courier\npublished: 2026-03-09\n---\n" +
            "Harlow Water said it had never been warned about corrosion on the Dunmore pipeline before the burst.\n\n" +
            "Inspection records obtained by the Courier show that a county inspector warned Harlow Water about corrosion on the Dunmore pipeline in October.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("Had Harlow Water been warned about corrosion on the Dunmore pipeline?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Disagreements[0].Claims.Select(c => c.Value).Distinct().Count().ShouldBe(2, a.Answer);
        a.Answer.ShouldContain("never been warned", Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task Being_warned_alerted_told_or_written_to_answer_one_another()
    {
        // The question says "alerted"; one report says "had been warned", the other "received no notification", and neither
        // uses another word of what the question asks.
        var dir = TestPaths.NewTempFolder("notice-words-corpus");
        File.WriteAllText(Path.Combine(dir, "ridge-post.md"),
            "---\ntitle: Ferndale quarry slip\npublisher: Ridge Post\npublished: 2026-10-02\n---\n" +
            "Documents seen by the Post show that Ostby Aggregates had been warned in June that the North Wall of its Ferndale quarry was unstable.\n\n" +
            "The slip closed the Ferndale road for a week.\n");
        File.WriteAllText(Path.Combine(dir, "ostby.md"),
            "---\ntitle: Statement on the Ferndale quarry\npublisher: Ostby Aggregates\npublished: 2026-10-01\n---\n" +
            "Ostby Aggregates received no notification that the North Wall of its Ferndale quarry was unstable.\n\n" +
            "The quarry will stay closed while engineers survey the face.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("Had Ostby Aggregates been alerted to problems with the North Wall at Ferndale?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Disagreements[0].Claims.Select(c => c.ReportId).Distinct().Count().ShouldBe(2, a.Answer);
    }

    [Fact]
    public async Task A_clause_that_only_dates_the_question_is_not_needed_in_an_answer()
    {
        // "before the derailment injured passengers" dates what is asked: the operator's denial need not retell it, and the
        // report's sentence that does retell it answers nothing.
        var dir = TestPaths.NewTempFolder("yes-no-subordinate-corpus");
        File.WriteAllText(Path.Combine(dir, "gazette.md"),
            "---\ntitle: Lismore derailment inquiry\npublisher: Lismore Gazette\npublished: 2026-11-02\n---\n" +
            "Papers seen by the Gazette show that Corvane Rail had been warned about the cable in May.\n\n" +
            "The derailment injured nine passengers, and the line reopened on Monday.\n");
        File.WriteAllText(Path.Combine(dir, "wire.md"),
            "---\ntitle: Operator defends record\npublisher: Pell Wire\npublished: 2026-10-29\n---\n" +
            "Corvane Rail said on Thursday that it had received no warning about the cable.\n\n" +
            "Engineers are still examining the wreckage of the rear carriages.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("Had Corvane Rail been warned about the signal cable before the derailment injured passengers?");

        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Disagreements[0].Claims.Select(c => c.ReportId).Distinct().Count().ShouldBe(2, a.Answer);
        a.Answer.ShouldContain("received no warning", Case.Sensitive, a.Answer);
    }
}
