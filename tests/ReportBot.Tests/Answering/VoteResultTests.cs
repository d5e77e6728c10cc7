using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// Minutes record a motion and then, as a paragraph of its own, its result ("Recorded vote: Carried (7 for, 2 against)"):
/// "How did the members vote on …?" is answered by that result, which holds none of the motion's words. Minutes written
/// for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class VoteResultTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task A_labelled_result_answers_how_members_voted_on_the_motion_before_it()
    {
        var dir = TestPaths.NewTempFolder("vote-result");
        File.WriteAllText(Path.Combine(dir, "harbour-board-minutes.md"), """
            ---
            title: "Orrin Harbour Board: minutes of the meeting of 4 March 2026"
            publisher: Orrin Harbour Board
            published: 2026-03-05
            ---

            ## 3. Sale of the north quay

            Moved by the Chair, seconded by Ms Lind, that the Board sells the north quay to Tarne Marine for redevelopment as a ferry terminal.

            **Recorded vote:** Carried (7 for, 2 against, 1 abstention).

            ## 4. Dredging contract

            Moved by Mr Hale, seconded by the Chair, that the dredging contract be extended by one year.

            **Recorded vote:** Lost (3 for, 7 against).
            """);
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How did board members vote on selling the north quay?");

        a.Answerable.ShouldBeTrue(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("7 for", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("3 for", Case.Sensitive, a.Answer);
    }
}
