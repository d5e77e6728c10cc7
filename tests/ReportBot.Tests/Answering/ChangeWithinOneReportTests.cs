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
    /// <summary>A report in front matter and paragraphs, as a user would write it.</summary>
    private static string Report(string title, string publisher, string published, params string[] paragraphs) =>
        $"---\ntitle: {title}\npublisher: {publisher}\npublished: {published}\n---\n" + string.Join("\n\n", paragraphs) + "\n";

    /// <summary>A report about something else, beside the one that tells the change.</summary>
    private static (string File, string Text) MarketPaper(string published) => ("paper.md", Report("Kelso market returns", "Kelso Echo", published,
        "The Saturday market returned to Kelso square this weekend.", "Traders said sales were good."));

    /// <summary>The services over a corpus of the given files (name, text), synced.</summary>
    private async Task<TestServices> OverAsync(string name, params (string File, string Text)[] reports)
    {
        var dir = TestPaths.NewTempFolder(name);
        foreach (var (file, text) in reports) File.WriteAllText(Path.Combine(dir, file), text);
        var services = new TestServices(qdrant, dir);
        (await services.SyncAsync()).ShouldNotBeNull();
        return services;
    }

    /// <summary>The answer has one disagreement, a change over time.</summary>
    private static void ShouldTellOneChange(ReportBot.Core.Answering.AnswerResult answer)
    {
        answer.Disagreements.ShouldHaveSingleItem(answer.Answer);
        answer.Disagreements[0].Kind.ShouldBe(ReportBot.Core.Claims.DisagreementKind.ChangedOverTime);
    }

    [Fact]
    public async Task A_revised_estimate_in_one_sentence_gives_both_figures_as_a_change_over_time()
    {
        await using var s = await OverAsync("estimate-revision-corpus",
            ("wire.md", Report("Tarnby leak volume revised", "Northern Wire", "2026-02-05",
                "The volume of acid that escaped at Tarnby is now estimated at 42 tonnes, revised down from the 60 tonnes initially reported by the operator.",
                "The site remains closed.")),
            ("courier.md", Report("Evacuation widens at Tarnby", "Tarnby Courier", "2026-02-03",
                "The number of residents evacuated from homes near the Tarnby chemical works has risen to 1,150, up from about 450 on the first night, the council said.",
                "Engineers are still checking the damaged storage tank.")));

        var acid = await s.AskAsync("How much acid escaped at Tarnby?");
        ShouldTellOneChange(acid);
        acid.Answer.ShouldContain("42 tonnes", Case.Sensitive, acid.Answer);
        acid.Answer.ShouldContain("revised down from the 60 tonnes initially reported by the operator", Case.Sensitive, acid.Answer);

        var evacuated = await s.AskAsync("How many residents were evacuated near the Tarnby works?");
        ShouldTellOneChange(evacuated);
        evacuated.Answer.ShouldContain("1,150", Case.Sensitive, evacuated.Answer);
        evacuated.Answer.ShouldContain("up from about 450 on the first night", Case.Sensitive, evacuated.Answer);
        evacuated.Answer.ShouldNotContain("revises an earlier estimate", Case.Sensitive, evacuated.Answer);
    }

    [Fact]
    public async Task An_amount_told_with_the_one_it_changed_from_gives_both_as_a_change_over_time()
    {
        await using var s = await OverAsync("amount-change-corpus",
            ("notice.md", Report("Flood grant raised", "Lowmere Council", "2026-04-10",
                "The council says each flooded household in Lowmere will now receive a grant of €400, up from the €250 offered in March.",
                "Applications close at the end of May.")),
            ("paper.md", Report("Lowmere cleans up", "Lowmere Echo", "2026-04-12",
                "Volunteers spent the weekend clearing mud from the streets of Lowmere.", "The river has fallen back below its banks.")));

        var grant = await s.AskAsync("How much will each flooded household in Lowmere receive?");
        ShouldTellOneChange(grant);
        grant.Answer.ShouldContain("€400", Case.Sensitive, grant.Answer);
        grant.Answer.ShouldContain("up from the €250 offered in March", Case.Sensitive, grant.Answer);
    }

    /// <summary>
    /// The figures differ, but the one report giving both gives the old one as the previous value of its own ("up from the 9
    /// that were in the recall notice"): a change over time, the old figure the other reports' side, not also the newer one's.
    /// </summary>
    [Fact]
    public async Task A_report_giving_the_other_reports_figure_as_its_previous_one_revises_them()
    {
        await using var s = await OverAsync("figure-revision-corpus",
            ("notice.md", Report("Kelso boiler recall", "Kelso Trading Standards", "2026-03-02",
                "The recall notice lists 9 reports of boiler leaks in Kelso.", "Owners should stop using them.")),
            ("wire.md", Report("Kelso boilers: recall widened", "Northern Wire", "2026-03-04",
                "There have been 9 reports of boiler leaks, the maker said.", "Its shares fell.")),
            ("hearing.md", Report("Kelso boilers: evidence to MPs", "Select Committee", "2026-04-20",
                "The maker told MPs: We now know of twenty-three reports of boiler leaks, up from the 9 that were in the recall notice.", "The hearing lasted two hours.")));

        var leaks = await s.AskAsync("How many boiler leaks have been reported?");
        ShouldTellOneChange(leaks);
        var sides = leaks.Disagreements[0].Claims.GroupBy(c => c.Value).ToDictionary(g => g.Key, g => g.Select(c => c.ReportId).Order().ToList());
        sides["twenty-three"].ShouldBe(["hearing"], leaks.Answer);
        sides.Keys.Where(k => k != "twenty-three").SelectMany(k => sides[k]).Order().ToList().ShouldBe(["notice", "wire"], leaks.Answer);
    }

    /// <summary>A report that gives a figure and, in an update further on, revises it by name ("revising the figure of 40 given above").</summary>
    [Fact]
    public async Task A_report_revising_its_own_figure_further_on_tells_the_change()
    {
        await using var s = await OverAsync("self-revision-corpus",
            ("council.md", Report("Ouse Lane flooding", "Kelso Council", "2026-02-10",
                "Council officers said 40 homes on Ouse Lane were flooded overnight.",
                "Update, 6pm: After a street-by-street survey we are revising the figure of 40 given above. 65 homes on Ouse Lane were flooded overnight.")),
            MarketPaper("2026-02-11"));

        var homes = await s.AskAsync("How many homes on Ouse Lane were flooded?");
        ShouldTellOneChange(homes);
        homes.Answer.ShouldStartWith("Kelso Council (2026-02-10) revises its own figure: 65", Case.Sensitive, homes.Answer);
        homes.Answer.ShouldContain("earlier 40", Case.Sensitive, homes.Answer);
    }

    [Fact]
    public async Task A_report_telling_that_the_post_changed_hands_gives_both_holders_as_its_own_change()
    {
        await using var s = await OverAsync("post-change-corpus",
            ("bulletin.md", Report("Kelso depot update", "Kelso Freight", "2026-05-12",
                "The depot manager, Piotr Nowak, has gone, and the Kelso depot is now being run by Ana Ruiz.", "Deliveries continue as normal.")),
            ("paper.md", Report("Kelso road works", "Kelso Echo", "2026-05-10",
                "Road works on the Kelso ring road will last until June.", "The council apologised for the delays.")));

        var who = await s.AskAsync("Who is running the Kelso depot?");
        ShouldTellOneChange(who);
        who.Answer.ShouldStartWith("The report tells a change: Ana Ruiz", Case.Sensitive, who.Answer);
        who.Answer.ShouldContain("Piotr Nowak, who has since left the post", Case.Sensitive, who.Answer);
    }

    [Fact]
    public async Task A_report_recalling_the_date_planned_before_gives_both_dates_as_its_own_change()
    {
        await using var s = await OverAsync("date-change-corpus",
            ("council.md", Report("Kelso bypass delayed", "Kelso Council", "2026-04-01",
                "The Kelso bypass will now open in November 2026, the council said. The council had originally planned to open the road in May 2026.",
                "Drivers are asked to use the ring road until then.")),
            MarketPaper("2026-04-03"));

        var when = await s.AskAsync("When will the Kelso bypass open?");
        ShouldTellOneChange(when);
        when.Answer.ShouldStartWith("The report tells a change: November 2026", Case.Sensitive, when.Answer);
        when.Answer.ShouldContain("May 2026, said before", Case.Sensitive, when.Answer);
    }
}
