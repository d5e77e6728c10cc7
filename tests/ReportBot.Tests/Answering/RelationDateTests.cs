using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "When was X built?" is answered by a passage that names X and its beginning, in any word for one ("was first established
/// in 1874"), and not by a date in a passage that names X for something else ("the collapse of the Harnby weir on 4 May
/// 2026"). Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class RelationDateTests(QdrantFixture qdrant)
{
    private static string Corpus(string name, params (string File, string Text)[] reports)
    {
        var dir = TestPaths.NewTempFolder(name);
        foreach (var (file, text) in reports) File.WriteAllText(Path.Combine(dir, file), text);
        return dir;
    }

    [Fact]
    public async Task A_date_of_another_event_in_a_passage_naming_the_subject_is_no_side()
    {
        var dir = Corpus("relation-date-corpus",
            ("dale-wire.md", "---\ntitle: Weir gives way at Harnby\npublisher: Dale Wire\npublished: 2026-05-05\n---\n" +
                "Floodwater poured through the village of Harnby after its weir gave way on Monday night.\n\n" +
                "The Harnby weir, owned by the Dale Water Board, was built in 1931.\n\n" +
                "About 40 homes were flooded.\n"),
            ("water-board.md", "---\ntitle: Statement on Harnby\npublisher: Dale Water Board\npublished: 2026-05-06\n---\n" +
                "The Dale Water Board deeply regrets the collapse of the Harnby weir on 4 May 2026.\n\n" +
                "We are working with the council to help the families affected.\n"));
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("When was the Harnby weir built?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldStartWith("1931", Case.Sensitive, a.Answer);
        a.Disagreements.ShouldBeEmpty(a.Answer);
    }

    [Fact]
    public async Task Another_word_for_a_beginning_answers_when_something_was_built()
    {
        var dir = Corpus("relation-origin-corpus",
            ("dale-wire.md", "---\ntitle: Weir gives way at Harnby\npublisher: Dale Wire\npublished: 2026-05-05\n---\n" +
                "Floodwater poured through the village of Harnby after its weir gave way on Monday night.\n\n" +
                "The Harnby weir, owned by the Dale Water Board, was built in 1931.\n"),
            ("heritage.md", "---\ntitle: Harnby's mills\npublisher: Dale Heritage Trust\npublished: 2025-11-02\n---\n" +
                "Harnby grew up around its corn mills on the River Dale.\n\n" +
                "The first Harnby weir was established in 1874 to feed the mill race, and a fish pass was added later.\n"));
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("When was the Harnby weir constructed?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Answer.ShouldContain("1931", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("1874", Case.Sensitive, a.Answer);
    }
}
