using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A yes/no question can be answered both ways inside one report when the report tells who says which ("The firm said it
/// had never been warned … Inspection records show an inspector warned the firm …"): both are sides. Without a named
/// source for either, the report's one answer is kept. Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class YesNoSidesTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task OneReportTellingWhoSaysYesAndWhoSaysNo_GivesBothSides()
    {
        var dir = TestPaths.NewTempFolder("yes-no-sides-corpus");
        File.WriteAllText(Path.Combine(dir, "valley-courier.md"),
            "---\ntitle: Questions over Dunmore pipeline\npublisher: Valley Courier\npublished: 2026-03-09\n---\n" +
            "Harlow Water said it had never been warned about corrosion on the Dunmore pipeline before the burst.\n\n" +
            "Inspection records obtained by the Courier show that a county inspector warned Harlow Water about corrosion on the Dunmore pipeline in October.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("Had Harlow Water been warned about corrosion on the Dunmore pipeline?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldHaveSingleItem(a.Answer);
        a.Disagreements[0].Claims.Select(c => c.Value).Distinct().Count().ShouldBe(2, a.Answer);
        a.Answer.ShouldContain("never been warned", Case.Sensitive, a.Answer);
    }
}
