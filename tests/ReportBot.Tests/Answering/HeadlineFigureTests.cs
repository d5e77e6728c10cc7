using ReportBot.Core.Corpus;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A headline is part of what a report says: one that gives the thing asked another figure than its own body is a side
/// of the disagreement, cited and named as the headline; one whose figure counts something else is not. Reports written
/// for this test, in none of the corpora; the headlines are in the front matter only.
/// </summary>
[Collection("qdrant")]
public sealed class HeadlineFigureTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("headline-corpus");
        File.WriteAllText(Path.Combine(dir, "moor-post.md"),
            "---\ntitle: \"Brindle Moor fire 40 percent contained as crews dig in\"\npublisher: Moor Post\npublished: 2026-05-06\n---\n" +
            "Crews said the Brindle Moor fire was 25 percent contained on Tuesday evening, with 300 hectares burned.\n\n" +
            "Nine firefighters were treated for heat exhaustion at the scene.\n");
        File.WriteAllText(Path.Combine(dir, "dale-radio.md"),
            "---\ntitle: \"Six hurt as moor blaze spreads\"\npublisher: Dale Radio\npublished: 2026-05-06\n---\n" +
            "The fire service said the Brindle Moor fire was 25 percent contained on Tuesday.\n\n" +
            "Two people were taken to hospital with smoke inhalation, the ambulance service said.\n");
        return dir;
    }

    [Fact]
    public async Task AHeadlineGivingAnotherFigureThanItsBody_IsASideNamedAsTheHeadline()
    {
        var corpus = Corpus();
        await using var s = new TestServices(qdrant, corpus);
        (await s.SyncAsync()).ShouldNotBeNull();
        var reports = ReportLoader.LoadFolder(corpus).ToDictionary(r => r.Id, r => r.Text);

        var a = await s.AskAsync("What percentage of the Brindle Moor fire was contained?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        var values = a.Disagreements[0].Claims.Select(c => c.Value).ToList();
        values.ShouldContain("40", a.Answer);
        values.ShouldContain("25", a.Answer);
        a.Answer.ShouldContain("in its headline", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("40 percent", Case.Sensitive, a.Answer);
        var headline = a.Citations.Single(c => c.Quote.Contains("40 percent", StringComparison.Ordinal));
        headline.ReportId.ShouldBe("moor-post");
        foreach (var c in a.Citations) reports[c.ReportId][c.Start..c.End].ShouldBe(c.Quote, "quotes are verbatim, the headline's too");
    }

    [Fact]
    public async Task AHeadlineNamingAnAmountByItsBill_IsASideOfAMoneyQuestion()
    {
        var dir = TestPaths.NewTempFolder("headline-money-corpus");
        File.WriteAllText(Path.Combine(dir, "quay-times.md"),
            "---\ntitle: \"Skelby slipway repair bill tops £9 million\"\npublisher: Quay Times\npublished: 2026-06-02\n---\n" +
            "The harbour board said the repairs to the Skelby slipway were expected to cost £6 million, unchanged from its spring estimate.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How much will the repairs to the Skelby slipway cost?");

        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Answer.ShouldContain("£9 million", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("£6 million", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("in its headline", Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task AHeadlineFigureWithoutItsNoun_CountsWhatTheBodyCounts()
    {
        var dir = TestPaths.NewTempFolder("headline-noun-corpus");
        File.WriteAllText(Path.Combine(dir, "fen-wire.md"),
            "---\ntitle: \"Gas main blast drives 900 from homes in Ashwick\"\npublisher: Fen Wire\npublished: 2026-02-11\n---\n" +
            "A gas main explosion in Ashwick on Monday night drove about 600 residents from their homes, the county council said.\n\n" +
            "Engineers expect to restore supplies by Friday.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many people were driven from their homes by the Ashwick gas blast?");

        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Answer.ShouldContain("900", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("about 600", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("in its headline", Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task AHeadlineFigureOfSomethingElse_IsNoSide()
    {
        await using var s = new TestServices(qdrant, Corpus());
        (await s.SyncAsync()).ShouldNotBeNull();

        // "Six hurt" is not a count of those taken to hospital: the body's two answers, with no disagreement.
        var a = await s.AskAsync("How many people were taken to hospital with smoke inhalation?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldContain("Two", Case.Insensitive, a.Answer);
        a.Disagreements.ShouldBeEmpty(a.Answer);
        a.Citations.ShouldNotContain(c => c.Quote.Contains("Six hurt", StringComparison.Ordinal), a.Answer);
    }

    [Fact]
    public async Task A_heading_in_capitals_giving_another_figure_than_its_body_is_a_side()
    {
        // A newsletter's second item: its heading says 35 stalls, its body 31 (the first item's heading is the report's
        // headline). Nothing else in the corpus counts stalls.
        var dir = TestPaths.NewTempFolder("capitals-heading-corpus");
        File.WriteAllText(Path.Combine(dir, "harbour-newsletter.md"),
            "---\ntitle: Harbour Traders Newsletter, May\npublisher: Harbour Traders Association\npublished: 2026-05-20\n---\n" +
            "IN THIS ISSUE\n\n1. NEW BINS FOR THE QUAY\n\nThe council will install twelve new bins by June.\n\n" +
            "2. MARKET LOSES 35 STALLS AFTER RENT RISE\n\n" +
            "The Saturday market on Quay Parade has lost 31 stalls since the council raised pitch rents in March, the association's count shows.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many stalls has the Quay Parade market lost since the rent rise?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("35", Case.Sensitive, a.Answer);
        lead.ShouldContain("31", Case.Sensitive, a.Answer);
        lead.ShouldContain("in a heading", Case.Sensitive, a.Answer);
    }
}
