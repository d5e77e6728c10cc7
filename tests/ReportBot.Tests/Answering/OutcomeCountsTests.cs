using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "How many were injured?" over reports that count the dead, the injured and the evacuated in the same sentences: each
/// count answers only the question about its own outcome, in whatever words it is given ("were killed" for "died",
/// "treated for injuries" for "injured", "the evacuation of … residents" is neither). Written for this test; in none of the
/// corpora.
/// </summary>
[Collection("qdrant")]
public sealed class OutcomeCountsTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("outcome-corpus");
        File.WriteAllText(Path.Combine(dir, "wire.md"),
            "---\ntitle: Bus leaves mountain road near Valdora\npublished: 2026-05-10\npublisher: Alpine Wire\n---\n\n" +
            "VALDORA, May 10 (Alpine Wire) - A coach carrying schoolchildren left the pass road above Valdora on Sunday. Four people were killed and 26 were injured, the mountain rescue service said.");
        File.WriteAllText(Path.Combine(dir, "paper.md"),
            "---\ntitle: Valdora mourns\npublished: 2026-05-12\npublisher: Valdora Courier\n---\n\n" +
            "Two days after the coach crash above Valdora, the evacuation of about 900 residents below the slope is still in force. The hospital said 31 people had been treated for injuries, up from the 26 first reported.");
        File.WriteAllText(Path.Combine(dir, "radio.txt"),
            "Radio Valdora, 13 May 2026\n\nPRESENTER: The rescue service now says five people died in the coach crash, after a driver was found on Tuesday.");
        return dir;
    }

    [Fact]
    public async Task TwoPeoplesAges_InOneSentence_AreEachGivenWithTheirName()
    {
        var dir = TestPaths.NewTempFolder("ages-corpus");
        File.WriteAllText(Path.Combine(dir, "court.md"),
            "---\ntitle: Two men in court over quarry thefts\npublished: 2026-05-20\npublisher: Valdora Courier\n---\n\n" +
            "Marco Ferrante, 41, of Mill Street, Valdora, and Jonas Weber, 29, of the Old Road, Castelmonte, appeared before magistrates on Tuesday charged with stealing explosives from the Valdora quarry.");
        await using var s = new TestServices(qdrant, dir);
        await s.SyncAsync();

        var a = await s.AskAsync("How old are Marco Ferrante and Jonas Weber?");
        var lead = a.Answer.Split("\nSources:")[0];
        lead.ShouldContain("Marco Ferrante, 41");
        lead.ShouldContain("Jonas Weber, 29");
        a.Disagreements.ShouldBeEmpty("two people's ages are not two figures that differ");
    }

    [Fact]
    public async Task TheInjured_AreCountedApartFromTheDeadAndTheEvacuated()
    {
        await using var s = new TestServices(qdrant, Corpus());
        await s.SyncAsync();

        var injured = await s.AskAsync("How many people were injured in the coach crash?");
        injured.Disagreements.ShouldNotBeEmpty(injured.Answer);
        var lead = injured.Answer.Split("\nSources:")[0];
        lead.ShouldContain("26");
        lead.ShouldContain("31");
        lead.ShouldNotContain("five", Case.Insensitive);
        lead.ShouldNotContain("900");

        var died = await s.AskAsync("How many people died in the coach crash?");
        var diedLead = died.Answer.Split("\nSources:")[0];
        diedLead.ShouldContain("Four");
        diedLead.ShouldContain("five");
        diedLead.ShouldNotContain("900");
        diedLead.ShouldNotContain("31");
    }
}
