using ReportBot.Core.Retrieval;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A question in words the reports never use is answered through WordNet's synonyms (Debian's wordnet-base, installed by
/// scripts/install-tools.sh). Sentences written for this test; in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class SynonymsTests(QdrantFixture qdrant)
{
    private static WordNet Database => WordNet.Load(new Core.Answering.AnsweringOptions().WordNetPath) ?? throw new InvalidOperationException("WordNet is not installed: run scripts/install-tools.sh");

    [Theory]
    [InlineData("boss", "chief")]
    [InlineData("quit", "resign")]
    [InlineData("kids", "child")]
    [InlineData("resigned", "quit")]
    public void Synonyms_AreTheWordsOfItsCommonestSenses_ForAnInflectedWordToo(string word, string synonym) =>
        Database.SynonymsOf(word).ShouldContain(synonym);

    [Theory]
    [InlineData("warned", "alert")]
    [InlineData("steal", "burgle")]
    [InlineData("hurt", "wound")]
    public void AVerbsSynonyms_HoldTheWaysOfDoingIt(string word, string troponym) =>
        Database.SynonymsOf(word).ShouldContain(troponym);

    [Fact]
    public void ANounsSynonyms_HoldNoKindsOfIt() =>
        Database.SynonymsOf("vehicle").ShouldNotContain("car");

    [Fact]
    public void Synonyms_LeaveOutPhrases_AndAnUnknownWordHasNone()
    {
        Database.SynonymsOf("quit").ShouldAllBe(w => !w.Contains('_')); // "step_down" is a phrase
        Database.SynonymsOf("qwertyuiop").ShouldBeEmpty();
        WordNet.Load(TestPaths.NewTempFolder("no-wordnet")).ShouldBeNull();
    }

    [Fact]
    public async Task AQuestionInWordsTheReportsNeverUse_IsAnsweredThroughTheirSynonyms()
    {
        var dir = TestPaths.NewTempFolder("synonym-corpus");
        File.WriteAllText(Path.Combine(dir, "ferry-wire.md"),
            "---\ntitle: Harlow Ferries names new chief\npublished: 2026-03-02\n---\n\nHarlow Ferries said on Monday that Dana Reed would become its chief from April. The operator runs six boats on the estuary.");
        File.WriteAllText(Path.Combine(dir, "harbour-notes.md"),
            "---\ntitle: Harbour notes\npublished: 2026-03-05\n---\n\nThe estuary crossing carried 1,200 passengers on Saturday. Repairs to the slipway are due in May.");
        await using var s = new TestServices(qdrant, dir);
        await s.SyncAsync();

        var a = await s.AskAsync("Who is the new boss of Harlow Ferries?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldContain("Dana Reed");
        (await s.AskAsync("How many kids were on the boats?")).Answerable.ShouldBeFalse("no report speaks of children");
    }
}
