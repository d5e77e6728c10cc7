using ReportBot.Core.Answering;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// Job cuts are counted as jobs, posts or roles, or as the people who hold them: each report's count answers, and two
/// counts are a disagreement. A value is credited only to a report that states it whole. Reports written for this test,
/// in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class JobCountsTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("jobs-corpus");
        File.WriteAllText(Path.Combine(dir, "dunholm-echo.md"),
            "---\ntitle: \"Ostmere to shrink Dunholm mill\"\npublisher: Dunholm Echo\npublished: 2026-02-03\n---\n" +
            "Ostmere Textiles said 180 people would lose their jobs at its Dunholm mill.\n\n" +
            "The mill has made blankets on the river since 1911.\n");
        File.WriteAllText(Path.Combine(dir, "weavers-union.md"),
            "---\ntitle: \"Union: Dunholm cuts deeper than admitted\"\npublisher: Weavers Union\npublished: 2026-02-05\n---\n" +
            "The union says 240 jobs will be lost at the Dunholm mill when the dye house shuts in 2026.\n\n" +
            "Members will meet on Thursday to discuss a ballot.\n");
        File.WriteAllText(Path.Combine(dir, "mill-gazette.md"),
            "---\ntitle: \"Dunholm mill: the figures\"\npublisher: Mill Gazette\npublished: 2026-02-06\n---\n" +
            "Ostmere confirmed on Friday that 200 posts would be lost at the Dunholm mill.\n\n" +
            "The dye house opened in 1968.\n");
        return dir;
    }

    [Theory]
    [InlineData("How many people will lose their jobs at the Dunholm mill?", "180", "240")]
    [InlineData("How many jobs will be lost at the Dunholm mill?", "240", "200")]
    public async Task CountsOfJobsInOtherWords_AreOneThing_AndDisagree(string question, string one, string other)
    {
        await using var s = new TestServices(qdrant, Corpus());
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync(question);

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain(one, Case.Sensitive, a.Answer);
        lead.ShouldContain(other, Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task A_count_of_roles_covers_a_question_about_posts_as_a_count_of_jobs_does()
    {
        // Only the union's sentence shares the question's "at risk"; the firm's counts the same thing as roles "affected".
        var dir = TestPaths.NewTempFolder("roles-corpus");
        File.WriteAllText(Path.Combine(dir, "union.md"),
            "---\ntitle: \"Harwick depot closure\"\npublisher: Freight Workers Union\npublished: 2026-09-02\n---\n" +
            "The closure of the Harwick depot will put 75 jobs at risk, the union said.\n\n" +
            "Drivers will be offered transfers to Kelby where possible.\n");
        File.WriteAllText(Path.Combine(dir, "carrow.md"),
            "---\ntitle: \"Carrow Freight network update\"\npublisher: Carrow Freight\npublished: 2026-09-01\n---\n" +
            "Carrow Freight will close its Harwick depot in November as volumes move to Kelby.\n\n" +
            "The company expects around 60 roles to be affected by the closure.\n\n" +
            "The Kelby site is being extended with eight new loading bays.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many posts are at risk from the Harwick depot closure?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("75", Case.Sensitive, a.Answer);
        lead.ShouldContain("60", Case.Sensitive, a.Answer);
    }

    [Theory]
    [InlineData("The trust now says 27 posts will go.", "27", true)]
    [InlineData("Up to 32 posts will go from September 2027.", "27", false)]
    [InlineData("It cost £4.27 million.", "27", false)]
    [InlineData("Some 1,270 people left.", "27", false)]
    [InlineData("About 27, the union said.", "27", true)]
    [InlineData("Up to 32 posts will go.", "up to 32", true)]
    public void A_value_is_stated_only_whole(string sentence, string value, bool states) =>
        AnswerComposer.StatesWhole(sentence, value).ShouldBe(states);
}
