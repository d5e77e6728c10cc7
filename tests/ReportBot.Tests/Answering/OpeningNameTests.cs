using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A report is about what it opens with: a name the question gives that the report's first line holds counts in the
/// report's later sentences, which say "the town" instead (EvidenceSelector.OpeningCredit). Two encyclopedia-style
/// pages written for this test, in none of the corpora, about two places of one name, among other towns' pages.
/// </summary>
[Collection("qdrant")]
public sealed class OpeningNameTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task AFigureInASentenceThatDoesNotRepeatTheName_AnswersForAPageThatOpensWithIt()
    {
        var dir = TestPaths.NewTempFolder("opening-name-corpus");
        File.WriteAllText(Path.Combine(dir, "ashgrove-pell.txt"),
            "Ashgrove, Pell County\n\nAshgrove is a town in Pell County on the Dun river. It grew up around a woollen mill built in the 1840s, " +
            "and a weekly market is still held on its green. The mill closed in 1962 and is now a museum of the wool trade. " +
            "The town's population was 4,118 at the 2010 census.\n");
        File.WriteAllText(Path.Combine(dir, "ashgrove-marr.txt"),
            "Ashgrove, Marr County\n\nAshgrove is a village in Marr County, in the hills above Lake Orrin. A narrow-gauge railway reached it in 1899 " +
            "and closed to passengers in 1951; its station is now a cafe. Walkers use it as a base for the Orrin Ridge trail. " +
            "The village's population was 612 at the 2010 census.\n");
        // Other towns' pages: "population" is in every page, the name in two.
        foreach (var (town, river, people) in new[] { ("Belford", "Tamm", "9,040"), ("Cressy", "Lode", "2,275"), ("Dunmore", "Wend", "15,380") })
            File.WriteAllText(Path.Combine(dir, town.ToLowerInvariant() + ".txt"),
                $"{town}\n\n{town} is a market town on the river {river}. Its church has a spire visible for miles, and its fair dates from 1310. " +
                $"The town's population was {people} at the 2010 census.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("What is the population of Ashgrove?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldContain("4,118", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("612", Case.Sensitive, a.Answer);
        a.Citations.Select(c => c.ReportId).Distinct().Count().ShouldBe(2, a.Answer);
    }
    [Theory]
    [InlineData("sherborn", "sherbourn", true)]
    [InlineData("ashgrov", "ashgrav", true)]
    [InlineData("korea", "korean", false)]
    [InlineData("russia", "russian", false)]
    [InlineData("ashgrov", "ashgrov", false)]
    [InlineData("ashgrov", "belford", false)]
    public void OneEditApart_IsASpellingOfANameInsideIt_NotItsAdjective(string a, string b, bool apart) =>
        ReportBot.Core.Answering.EvidenceSelector.OneEditApart(a, b).ShouldBe(apart);

    [Fact]
    public async Task APlaceSpelledOneLetterApart_AnswersBesideTheQuestionsSpelling()
    {
        var dir = TestPaths.NewTempFolder("name-spelling-corpus");
        File.WriteAllText(Path.Combine(dir, "ashgrove-pell.txt"),
            "Ashgrove, Pell County\n\nAshgrove is a town in Pell County on the Dun river. At the 2010 census Ashgrove had a population of 4,118.\n");
        File.WriteAllText(Path.Combine(dir, "ashgrave-marr.txt"),
            "Ashgrave, Marr County\n\nAshgrave is a village in Marr County, in the hills above Lake Orrin. At the 2010 census Ashgrave had a population of 612.\n");
        foreach (var (town, river, people) in new[] { ("Belford", "Tamm", "9,040"), ("Cressy", "Lode", "2,275"), ("Dunmore", "Wend", "15,380") })
            File.WriteAllText(Path.Combine(dir, town.ToLowerInvariant() + ".txt"),
                $"{town}\n\n{town} is a market town on the river {river}. At the 2010 census {town} had a population of {people}.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("What is the population of Ashgrove?");

        a.Answer.ShouldContain("4,118", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("612", Case.Sensitive, a.Answer);
        a.Answer.ShouldNotContain("9,040", Case.Sensitive, a.Answer);
    }
}
