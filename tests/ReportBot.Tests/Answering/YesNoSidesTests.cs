using ReportBot.Core.Answering.Comparison;
using ReportBot.Core.Text;
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

    [Fact]
    public async Task A_short_denial_of_being_told_answers_for_its_report()
    {
        // "Were tenants told …?": "told" is a stop word, yet it is what is asked; the resident's denial names neither the
        // association nor the estate and covers too little of the question for the ordinary floor.
        var dir = TestPaths.NewTempFolder("short-denial-corpus");
        File.WriteAllText(Path.Combine(dir, "association.md"),
            "---\ntitle: Marrow Court rent review 2027\npublisher: Marrow Court Housing Association\npublished: 2026-11-20\n---\n" +
            "Marrow Court Housing Association informed every tenant of the rent increase for Marrow Court by letter in September, two months before it took effect.\n\n" +
            "The increase is 6.5 percent, in line with the regulator's cap.\n");
        File.WriteAllText(Path.Combine(dir, "residents.md"),
            "---\ntitle: Marrow Court residents' meeting\npublisher: Tollbridge Ledger\npublished: 2026-11-24\n---\n" +
            "About forty residents of Marrow Court met on Sunday in the community room to discuss the housing association's plans.\n\n" +
            "\"Nobody told us anything about a rent increase,\" said Ada Ferreira, who has lived on the estate for 22 years.\n\n" +
            "The meeting voted to write to the local MP.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("Were Marrow Court tenants told about the rent increase by the housing association?");

        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Disagreements[0].Claims.Select(c => c.ReportId).Distinct().Count().ShouldBe(2, a.Answer);
        a.Answer.ShouldContain("Nobody told us", Case.Sensitive, a.Answer);
    }

    [Theory]
    [InlineData("Tenants accused the landlord of keeping them in the dark about the works.", true)]
    [InlineData("Parents said they had been left out of the loop until the vote.", true)]
    [InlineData("The landlord wrote to every tenant about the works in May.", false)]
    public void Being_kept_in_the_dark_denies_being_told(string sentence, bool denied)
    {
        var predicate = ReportAnswers.WithNoticeWords([Stemmer.Stem("told"), Stemmer.Stem("works")]);
        ReportAnswers.Polarity(sentence, predicate).ShouldBe(denied);
    }
}
