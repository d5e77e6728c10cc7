using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "How many pollution incidents have been reported?" is answered by "19 reports of pollution": a count of the question's verb made a noun
/// counts what the verb did to the thing asked. Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class CountedVerbTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task A_count_of_reports_answers_how_many_things_were_reported()
    {
        var dir = TestPaths.NewTempFolder("counted-verb-corpus");
        TestPaths.WriteReport(dir, "ostby-water", "Ostby reservoir update", "Ostby Water", "2026-10-14",
            "Ostby Water said it had now received 19 reports of pollution around the Ostby reservoir since the spring.", "Repairs to the eastern embankment will start in November.");
        TestPaths.WriteReport(dir, "ostby-herald", "Council questions reservoir safety", "Ostby Herald", "2026-06-02",
            "Twelve pollution incidents had been reported at the Ostby reservoir by the end of May, the council said.", "The reservoir supplies about 40,000 homes.");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many pollution incidents have been reported at the Ostby reservoir?");

        a.Answerable.ShouldBeTrue(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("19", Case.Sensitive, a.Answer);
        lead.ShouldContain("Twelve", Case.Insensitive, a.Answer);
    }

    [Fact]
    public async Task The_verb_itself_after_a_figure_is_no_count_of_it()
    {
        // "Eleven of those twenty-seven came": the figure's next word is the question's verb, not a noun made of it.
        var dir = TestPaths.NewTempFolder("counted-verb-corpus-2");
        TestPaths.WriteReport(dir, "ward-court", "Ashcombe ward hearing", "Ashcombe Courier", "2026-07-09",
            "The court heard that forty postal ballots were disputed.", "Eleven of those twenty-seven came from residents of Lark House, a care home in the ward.", "The judge will rule next week.");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many of the disputed ballots came from people living in a care home?");

        a.Answer.Split('\n')[0].ShouldNotContain("twenty-seven came", Case.Insensitive, a.Answer);
    }
}
