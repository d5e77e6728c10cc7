using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "Who spoke for the company?" is answered by the sentence naming its spokeswoman, which never says "spoke for"
/// (AnswerLanguage.SpeakAskWords). Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class SpokespersonTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task WhoSpokeForTheCompany_IsTheSpokeswomanItNames()
    {
        var dir = TestPaths.NewTempFolder("spokesperson-corpus");
        File.WriteAllText(Path.Combine(dir, "islay-wire.txt"),
            "Ferries cancelled as storm hits Islay\n\nAll sailings to Port Ellen were cancelled on Tuesday as gales reached 70 mph. " +
            "A Hebridean Ferries spokeswoman, Morag Lindsay, said the first crossing would run on Thursday if the wind eased. " +
            "Shops on the island reported shortages of milk and bread by Wednesday evening.\n");
        File.WriteAllText(Path.Combine(dir, "oban-times.txt"),
            "Islanders angry at ferry timetable\n\nResidents of Islay met in Bowmore on Friday to complain about the winter timetable. " +
            "The meeting heard that Hebridean Ferries had cancelled 41 sailings since October. " +
            "Councillor Ewan Bell said the company had not replied to a letter sent in November.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("Who spoke for Hebridean Ferries?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.Split("\n\n")[0].ShouldContain("Morag Lindsay", Case.Sensitive, a.Answer);
    }
}
