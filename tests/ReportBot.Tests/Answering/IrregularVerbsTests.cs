using ReportBot.Core.Text;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// An irregular past or participle matches its base form in the question ("shares fell" for "how far did the share price
/// fall"; "the stolen clock" for "what did the thieves steal"). Sentences written for this test; in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class IrregularVerbsTests(QdrantFixture qdrant)
{
    [Theory]
    [InlineData("fell", "fall")]
    [InlineData("stolen", "steal")]
    [InlineData("Sought", "seek")]
    [InlineData("undergone", "undergo")]
    public void AnIrregularForm_HasItsBase(string form, string baseForm) => IrregularVerbs.BaseOf(form).ShouldBe(baseForm);

    [Fact]
    public void ARegularWord_HasNone() => IrregularVerbs.BaseOf("walked").ShouldBeNull();

    [Fact]
    public async Task AQuestionInTheBaseForm_IsAnsweredByTheIrregularForm()
    {
        var dir = TestPaths.NewTempFolder("irregular-corpus");
        File.WriteAllText(Path.Combine(dir, "market-wire.md"),
            "---\ntitle: Harlow Water shares slide after pipeline burst\npublisher: Market Wire\npublished: 2026-03-10\n---\n" +
            "Harlow Water shares fell 4.5 percent in early trading on Monday.\n\n" +
            "The company said repairs to the Dunmore main would take a week.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How far did the Harlow Water share price fall after the burst?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.Split("\nSources:")[0].ShouldContain("4.5 percent", Case.Sensitive, a.Answer);
    }
}
