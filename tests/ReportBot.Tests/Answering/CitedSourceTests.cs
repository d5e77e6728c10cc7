using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A figure keeps the source its passage cites ("according to the county fire service"), in the lead as in the quote; a
/// report that repeats another report's figure is named as repeating it, not as a second source.
/// Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class CitedSourceTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("cited-source-corpus");
        File.WriteAllText(Path.Combine(dir, "herald.md"),
            "---\ntitle: Floods in Dunmore\npublisher: Dunmore Herald\npublished: 2026-11-03\n---\n" +
            "About 40 homes in Dunmore were flooded on Sunday night, according to the county fire service.\n\n" +
            "The river peaked at 4.2 metres on Monday morning.\n");
        File.WriteAllText(Path.Combine(dir, "valley-news.md"),
            "---\ntitle: Dunmore counts the cost\npublisher: Valley News\npublished: 2026-11-05\n---\n" +
            "The river burst its banks at Dunmore on Sunday.\n\n" +
            "Volunteers filled sandbags at the community hall through the night.\n");
        return dir;
    }

    [Fact]
    public async Task A_figure_keeps_the_source_its_passage_cites()
    {
        await using var s = new TestServices(qdrant, Corpus());
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many homes in Dunmore did the fire service say were flooded on Sunday night?");

        a.Answer.Split('\n')[0].ShouldContain("40 homes (according to the county fire service) [1]", Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task A_report_repeating_anothers_figure_is_named_as_repeating_it_not_as_a_second_source()
    {
        var dir = TestPaths.NewTempFolder("repeated-figure-corpus");
        File.WriteAllText(Path.Combine(dir, "courier.md"),
            "---\ntitle: Fire at Ostby\npublisher: Valley Courier\npublished: 2026-05-02\n---\n" +
            "The wildfire near Ostby destroyed 48 homes, the fire service said on Saturday.\n\nCrews worked through the night.\n");
        File.WriteAllText(Path.Combine(dir, "radio.md"),
            "---\ntitle: Ostby fire update\npublisher: Radio Ostby\npublished: 2026-05-03\n---\n" +
            "According to the Valley Courier, 48 homes were destroyed in the Ostby wildfire.\n\nThe road to the valley reopened on Sunday.\n");
        File.WriteAllText(Path.Combine(dir, "council.md"),
            "---\ntitle: Council statement on the Ostby fire\npublisher: Ostby Council\npublished: 2026-05-04\n---\n" +
            "The council said 52 homes were destroyed in the Ostby wildfire.\n\nTemporary housing is available at the school.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many homes did the Ostby wildfire destroy?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldMatch(@"48 \(Valley Courier \(2026-05-02\) \[\d\]; repeated by Radio Ostby \(2026-05-03\) \[\d\]\)", a.Answer);
    }
}
