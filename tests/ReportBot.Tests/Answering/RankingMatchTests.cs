using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A sentence word a little less close to a question word than a soft match ("thieves" for "burglars", 0.67 in the word
/// vectors) ranks the sentence above one that lacks it, without counting towards the answering floor
/// (EvidenceSelector.RankingMatchFloor). Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class RankingMatchTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task ASentenceWithACloseWordForTheQuestionsWord_LeadsOverOneWithout()
    {
        var dir = TestPaths.NewTempFolder("ranking-match-corpus");
        File.WriteAllText(Path.Combine(dir, "orrin-gallery-notice.txt"),
            "Orrin Gallery weekend notice\n\nThe Orrin Gallery in Pellow opened to visitors at 10am on Saturday, as on every Saturday this spring. " +
            "The Orrin Gallery cafe served soup and cakes to visitors on Saturday. The Orrin Gallery shop is closed on Sundays until May.\n");
        File.WriteAllText(Path.Combine(dir, "pellow-police-log.txt"),
            "Pellow police log\n\nThieves forced a back window at the Orrin Gallery before dawn on Saturday and took two small oil paintings. " +
            "Officers ask anyone who saw a grey van near the building to call them.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("What did the burglars do at the Orrin Gallery on Saturday?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.Split("\n\n")[0].ShouldContain("Thieves forced a back window", Case.Sensitive, a.Answer);
    }
}
