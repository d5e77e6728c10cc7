using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A figure keeps the source its passage cites ("according to the county fire service"), in the lead as in the quote.
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
}
