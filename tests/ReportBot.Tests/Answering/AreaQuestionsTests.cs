using ReportBot.Core.Answering;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "What area of moorland burned?" asks a size, answered in hectares, acres or square miles; "What area of the park" asks a
/// place. Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class AreaQuestionsTests(QdrantFixture qdrant)
{
    [Theory]
    [InlineData("What area of moorland did the fire burn?", QuestionType.Quantity)]
    [InlineData("What acreage of forest was lost?", QuestionType.Quantity)]
    [InlineData("What area of the park was closed?", QuestionType.Place)]
    [InlineData("What area of Pellow Moor was closed?", QuestionType.Place)]
    public void An_area_of_a_bare_noun_asks_a_size(string question, QuestionType type) =>
        QuestionAnalyzer.Classify(question).ShouldBe(type);

    [Fact]
    public async Task Two_reports_giving_different_areas_in_hectares_disagree()
    {
        var dir = TestPaths.NewTempFolder("area-corpus");
        File.WriteAllText(Path.Combine(dir, "fell-rescue.md"),
            "---\ntitle: \"Pellow Moor fire out after three days\"\npublisher: Fell Rescue Service\npublished: 2026-08-14\n---\n" +
            "The fire on Pellow Moor burned 730 hectares of heather and grass before crews put it out near Stanbeck.\n\n" +
            "Twelve crews and a helicopter worked on the moor.\n");
        File.WriteAllText(Path.Combine(dir, "moorland-trust.md"),
            "---\ntitle: \"Trust counts the cost on Pellow Moor\"\npublisher: Moorland Trust\npublished: 2026-08-20\n---\n" +
            "Our survey shows the Pellow Moor fire burned 910 hectares of moorland, including the peat beds above Stanbeck.\n\n" +
            "Ground-nesting birds lost most of their nests.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("What area of moorland did the Pellow Moor fire burn?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("730", Case.Sensitive, a.Answer);
        lead.ShouldContain("910", Case.Sensitive, a.Answer);
    }
}
