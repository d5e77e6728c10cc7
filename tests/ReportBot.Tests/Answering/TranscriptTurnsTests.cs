using ReportBot.Core.Answering.Comparison;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A transcript's answer does not repeat the question it answers: "ENGINEER: It did — on the 3rd of October" answers the
/// host's line before it, in another paragraph (another chunk). Written for this test; in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class TranscriptTurnsTests(QdrantFixture qdrant)
{
    [Theory]
    [InlineData("AMARA OSEI: How many people took part?", "AMARA OSEI")]
    [InlineData("Q: When does the pool reopen?", "Q")]
    [InlineData("DR. LENA VOSS: It did.", "DR. LENA VOSS")]
    public void SpeakerTurn_NamesTheSpeaker(string line, string who) =>
        AnswerLanguage.SpeakerTurn().Match(line).Groups["who"].Value.ShouldBe(who);

    [Theory]
    [InlineData("Note: the bridge is closed.")]
    [InlineData("The council said: it will reopen.")]
    public void SpeakerTurn_IsNotALabelInProse(string line) => AnswerLanguage.SpeakerTurn().IsMatch(line).ShouldBeFalse();

    [Fact]
    public async Task AnAnswerTurn_AnswersTheOtherSpeakersLineBeforeIt()
    {
        var dir = TestPaths.NewTempFolder("transcript-corpus");
        File.WriteAllText(Path.Combine(dir, "radio-interview.txt"),
            "Bridges and Rivers, episode 9\n\nHOST: Welcome back to the programme. My guest is the engineer who built it.\n\n"
            + "HOST: Your new Tollgate footbridge finally opened to walkers and cyclists this autumn.\n\n"
            + "MAJA LUND: It did — people crossed it for the first time on the 3rd of October, after two years of work.\n\n"
            + "HOST: And the cost?\n\nMAJA LUND: Close to what we planned, which is rare.");
        File.WriteAllText(Path.Combine(dir, "county-news.md"),
            "---\ntitle: Footbridge opens at last\npublished: 2026-10-09\n---\n\nThe Tollgate footbridge opened to walkers and cyclists on 6 October, the county council said. It links the two halves of the market town.");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("When did the Tollgate footbridge open to walkers and cyclists?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Citations.ShouldContain(c => c.ReportId == "radio-interview" && c.Quote.Contains("3rd of October"), a.Answer);
        a.Citations.ShouldContain(c => c.ReportId == "county-news" && c.Quote.Contains("6 October"), a.Answer);
        a.Answer.ShouldContain("3rd of October");
        a.Answer.ShouldContain("6 October");
    }
}
