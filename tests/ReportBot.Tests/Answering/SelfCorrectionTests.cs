using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A speaker who takes back a figure ("I said … That's not right", "three substations - sorry, four") is answered with the
/// figure he gives instead, also when the words come as subtitles or from a PDF. Reports written for these tests, in none
/// of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class SelfCorrectionTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task A_figure_the_next_sentence_says_was_wrong_gives_way_to_the_correction()
    {
        var dir = TestPaths.NewTempFolder("self-correction");
        File.WriteAllText(Path.Combine(dir, "quarry-call.txt"), """
            Teller Aggregates half-year results call

            Maria Lund: Good morning. On the night of the flood we rescued thirty-eight workers from the flooded pit, and nobody was badly hurt.

            Analyst: Thank you. What is the cost to the business?

            Maria Lund: Before we go on, I need to correct my opening remarks. I said we rescued thirty-eight workers from the flooded pit. That's not right, I had last year's figure in front of me. The correct number is twenty-nine. Twenty-nine workers were rescued from the flooded pit that night.
            """);
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many workers were rescued from the flooded pit?");

        a.Answerable.ShouldBeTrue(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("wenty-nine", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("thirty-eight", Case.Insensitive, a.Answer);
    }

    [Fact]
    public async Task A_figure_corrected_in_the_same_breath_across_subtitle_cues_gives_the_corrected_one()
    {
        var dir = TestPaths.NewTempFolder("self-correction-srt");
        File.WriteAllText(Path.Combine(dir, "council-briefing.srt"), """
            1
            00:00:01,000 --> 00:00:04,000
            The storm surge breached the sea wall

            2
            00:00:04,000 --> 00:00:07,500
            and flooded seven streets in Lowmoor -

            3
            00:00:07,500 --> 00:00:10,000
            sorry, nine. Nine streets.
            """);
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many streets were flooded in Lowmoor?");

        a.Answerable.ShouldBeTrue(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("ine", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("seven", Case.Insensitive, a.Answer);
        a.Answer.ShouldNotContain("-->");
    }

    [Fact]
    public async Task A_sentence_cut_by_a_page_break_and_a_hyphen_is_read_whole()
    {
        var dir = TestPaths.NewTempFolder("pdf-text");
        File.WriteAllText(Path.Combine(dir, "rail-safety-notice.txt"), """
            RAIL SAFETY OFFICE                                 Notice RSO/2026/08

            4.1 The signal at Farrow Junction had shown a false clear aspect to ap-
            proaching trains on six occasions before the derailment, and the operator had been

            Page 3 of 7                                        RSO/2026/08

            RAIL SAFETY OFFICE                                 Notice RSO/2026/08

            informed of the fault on 2 February.

            Page 4 of 7                                        RSO/2026/08
            """);
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("When was the operator informed of the signal fault?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.Split('\n')[0].ShouldContain("2 February", Case.Sensitive, a.Answer);
        a.Answer.ShouldNotContain("Page 3 of 7");
        a.Answer.ShouldContain("approaching trains");
    }
}
