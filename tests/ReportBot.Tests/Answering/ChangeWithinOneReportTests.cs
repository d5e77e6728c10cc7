using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A report that tells a change itself is a change over time, with both values as sides in its own words: a figure with
/// the earlier estimate it revises ("now estimated at 42 tonnes, revised down from the 60 tonnes initially reported by the
/// operator"), a figure with the one it changed from without words of revision ("up from about 450 on the first night", "up
/// from the €250 offered in March"), a post with the holder it passed from ("Piotr Nowak, has gone, and the depot is now
/// being run by Ana Ruiz"), a date with the one planned before ("The council had originally planned to open the road in May
/// 2026."). Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class ChangeWithinOneReportTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task A_revised_estimate_in_one_sentence_gives_both_figures_as_a_change_over_time()
    {
        var dir = TestPaths.NewTempFolder("estimate-revision-corpus");
        File.WriteAllText(Path.Combine(dir, "wire.md"),
            "---\ntitle: Tarnby leak volume revised\npublisher: Northern Wire\npublished: 2026-02-05\n---\n" +
            "The volume of acid that escaped at Tarnby is now estimated at 42 tonnes, revised down from the 60 tonnes initially reported by the operator.\n\n" +
            "The site remains closed.\n");
        File.WriteAllText(Path.Combine(dir, "courier.md"),
            "---\ntitle: Evacuation widens at Tarnby\npublisher: Tarnby Courier\npublished: 2026-02-03\n---\n" +
            "The number of residents evacuated from homes near the Tarnby chemical works has risen to 1,150, up from about 450 on the first night, the council said.\n\n" +
            "Engineers are still checking the damaged storage tank.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var acid = await s.AskAsync("How much acid escaped at Tarnby?");
        acid.Disagreements.ShouldHaveSingleItem(acid.Answer);
        acid.Disagreements[0].Kind.ShouldBe(ReportBot.Core.Claims.DisagreementKind.ChangedOverTime);
        acid.Answer.ShouldContain("42 tonnes", Case.Sensitive, acid.Answer);
        acid.Answer.ShouldContain("revised down from the 60 tonnes initially reported by the operator", Case.Sensitive, acid.Answer);

        var evacuated = await s.AskAsync("How many residents were evacuated near the Tarnby works?");
        evacuated.Answer.ShouldContain("1,150", Case.Sensitive, evacuated.Answer);
        evacuated.Disagreements.ShouldHaveSingleItem(evacuated.Answer);
        evacuated.Disagreements[0].Kind.ShouldBe(ReportBot.Core.Claims.DisagreementKind.ChangedOverTime);
        evacuated.Answer.ShouldContain("up from about 450 on the first night", Case.Sensitive, evacuated.Answer);
        evacuated.Answer.ShouldNotContain("revises an earlier estimate", Case.Sensitive, evacuated.Answer);
    }

    [Fact]
    public async Task An_amount_told_with_the_one_it_changed_from_gives_both_as_a_change_over_time()
    {
        var dir = TestPaths.NewTempFolder("amount-change-corpus");
        File.WriteAllText(Path.Combine(dir, "notice.md"),
            "---\ntitle: Flood grant raised\npublisher: Lowmere Council\npublished: 2026-04-10\n---\n" +
            "The council says each flooded household in Lowmere will now receive a grant of €400, up from the €250 offered in March.\n\n" +
            "Applications close at the end of May.\n");
        File.WriteAllText(Path.Combine(dir, "paper.md"),
            "---\ntitle: Lowmere cleans up\npublisher: Lowmere Echo\npublished: 2026-04-12\n---\n" +
            "Volunteers spent the weekend clearing mud from the streets of Lowmere.\n\n" +
            "The river has fallen back below its banks.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var grant = await s.AskAsync("How much will each flooded household in Lowmere receive?");
        grant.Disagreements.ShouldHaveSingleItem(grant.Answer);
        grant.Disagreements[0].Kind.ShouldBe(ReportBot.Core.Claims.DisagreementKind.ChangedOverTime);
        grant.Answer.ShouldContain("€400", Case.Sensitive, grant.Answer);
        grant.Answer.ShouldContain("up from the €250 offered in March", Case.Sensitive, grant.Answer);
    }

    [Fact]
    public async Task A_report_telling_that_the_post_changed_hands_gives_both_holders_as_its_own_change()
    {
        var dir = TestPaths.NewTempFolder("post-change-corpus");
        File.WriteAllText(Path.Combine(dir, "bulletin.md"),
            "---\ntitle: Kelso depot update\npublisher: Kelso Freight\npublished: 2026-05-12\n---\n" +
            "The depot manager, Piotr Nowak, has gone, and the Kelso depot is now being run by Ana Ruiz.\n\n" +
            "Deliveries continue as normal.\n");
        File.WriteAllText(Path.Combine(dir, "paper.md"),
            "---\ntitle: Kelso road works\npublisher: Kelso Echo\npublished: 2026-05-10\n---\n" +
            "Road works on the Kelso ring road will last until June.\n\n" +
            "The council apologised for the delays.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var who = await s.AskAsync("Who is running the Kelso depot?");
        who.Disagreements.ShouldHaveSingleItem(who.Answer);
        who.Disagreements[0].Kind.ShouldBe(ReportBot.Core.Claims.DisagreementKind.ChangedOverTime);
        who.Answer.ShouldStartWith("The report tells a change: Ana Ruiz", Case.Sensitive, who.Answer);
        who.Answer.ShouldContain("Piotr Nowak, who has since left the post", Case.Sensitive, who.Answer);
    }

    [Fact]
    public async Task A_report_recalling_the_date_planned_before_gives_both_dates_as_its_own_change()
    {
        var dir = TestPaths.NewTempFolder("date-change-corpus");
        File.WriteAllText(Path.Combine(dir, "council.md"),
            "---\ntitle: Kelso bypass delayed\npublisher: Kelso Council\npublished: 2026-04-01\n---\n" +
            "The Kelso bypass will now open in November 2026, the council said. The council had originally planned to open the road in May 2026.\n\n" +
            "Drivers are asked to use the ring road until then.\n");
        File.WriteAllText(Path.Combine(dir, "paper.md"),
            "---\ntitle: Kelso market returns\npublisher: Kelso Echo\npublished: 2026-04-03\n---\n" +
            "The Saturday market returned to Kelso square this weekend.\n\n" +
            "Traders said sales were good.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var when = await s.AskAsync("When will the Kelso bypass open?");
        when.Disagreements.ShouldHaveSingleItem(when.Answer);
        when.Disagreements[0].Kind.ShouldBe(ReportBot.Core.Claims.DisagreementKind.ChangedOverTime);
        when.Answer.ShouldStartWith("The report tells a change: November 2026", Case.Sensitive, when.Answer);
        when.Answer.ShouldContain("May 2026, said before", Case.Sensitive, when.Answer);
    }
}
