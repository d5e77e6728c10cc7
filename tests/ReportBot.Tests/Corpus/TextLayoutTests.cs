using ReportBot.Core.Corpus;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Corpus;

/// <summary>The layout of other media undone before cleaning, on texts written for these tests (in no corpus).</summary>
public sealed class TextLayoutTests
{
    private const string Srt = """
        1
        00:00:01,000 --> 00:00:04,200
        Good evening. The county has the latest
        figures on the storm.

        2
        00:00:04,200 --> 00:00:08,900
        As of six o'clock, the storm had cut power
        to some eighty-two thousand homes

        3
        00:00:08,900 --> 00:00:12,000
        across the northern parishes.

        4
        00:00:12,000 --> 00:00:15,000
        REPORTER: When will it be back?

        5
        00:00:15,000 --> 00:00:18,000
        COUNTY ENGINEER: By Friday, we hope.
        """;

    [Fact]
    public void Subtitles_BecomeATranscript_WithSentencesRunningAcrossCues()
    {
        var text = TextLayout.Normalize(Srt);
        text.ShouldNotContain("-->");
        text.ShouldContain("As of six o'clock, the storm had cut power to some eighty-two thousand homes across the northern parishes.");
        var paragraphs = text.Split("\n\n");
        paragraphs.Length.ShouldBe(3, "one paragraph per speaker turn");
        paragraphs[1].ShouldBe("REPORTER: When will it be back?");
        paragraphs[0].ShouldNotStartWith("1", Case.Sensitive, "cue numbers are not text");
    }

    [Fact]
    public void WebVtt_LosesItsHeaderNotesAndTags_AndNamesItsVoices()
    {
        const string vtt = """
            WEBVTT
            Kind: captions

            NOTE Recorded at the harbour office
            on 4 March 2026

            intro
            00:01.000 --> 00:03.500 align:start
            <v Harbour Master>Eleven boats broke their <i>moorings</i>

            00:03.500 --> 00:05.000
            <v Harbour Master>during the night.
            """;
        var text = TextLayout.Normalize(vtt);
        text.ShouldBe("Recorded at the harbour office on 4 March 2026\n\nHarbour Master: Eleven boats broke their moorings during the night.");
    }

    [Fact]
    public void PageMarkersAndRunningLines_Go_AndASentenceCutByThePageRunsOn()
    {
        const string pdf = """
            COASTAL SAFETY BOARD                        Interim Report CSB-17

            2.1 The inspectors found that the beacon had been dark for nine
            days before the collision, and that the port had been told

            Page 2 of 5                                 CSB-17

            COASTAL SAFETY BOARD                        Interim Report CSB-17

            about the fault on 25 May.

            2.2 A second paragraph starts here.

            Page 3 of 5                                 CSB-17
            """;
        var text = TextLayout.Normalize(pdf);
        text.ShouldNotContain("Page 2 of 5");
        text.ShouldStartWith("COASTAL SAFETY BOARD", Case.Sensitive, "the header's first showing is the document's heading");
        text.IndexOf("COASTAL SAFETY BOARD", 5, StringComparison.Ordinal).ShouldBe(-1, "a header repeated on every page of a paged text is its furniture");
        text.ShouldContain("the port had been told\nabout the fault on 25 May.");
        text.ShouldContain("25 May.\n\n2.2 A second paragraph", Case.Sensitive, "a sentence that ended before the break keeps its paragraph break");
    }

    [Fact]
    public void RepeatedLines_StayInATextWithoutPageMarkers()
    {
        const string blog = "Flooding in the valley\n\nUpdate\n\nThe river rose overnight.\n\nUpdate\n\nIt fell again by noon.";
        TextLayout.Normalize(blog).ShouldBeSameAs(blog);
    }

    [Theory]
    [InlineData("Eleven pas-\nsengers were hurt.", "Eleven passengers were hurt.")]
    [InlineData("pending the investi-\n  gation.", "pending the investigation.")]
    [InlineData("a long-\nterm repair", "a long-term repair")]
    [InlineData("a two-\nyear delay", "a two-year delay")]
    [InlineData("the Harbour -\nand the town", "the Harbour -\nand the town")]
    [InlineData("the north-\nEast", "the north-\nEast")]
    public void WordsHyphenatedAcrossLines_AreJoined(string input, string expected) =>
        TextLayout.Normalize(input).ShouldBe(expected);

    [Fact]
    public void HardWrappedLines_RunOnIntoACapital_ButHeadingsAndItemsStayApart()
    {
        const string wire = """
            The regional authority said on Tuesday that the bridge would stay shut
            until engineers from Marlow Structural had finished their survey of the
            Eastern span, which was damaged when a barge struck it on Sunday night.
            Background
            - Bridge opened: 1968
            Officials said repairs could take several weeks and would cost about
            12 million crowns, according to a statement from the authority.
            """;
        var paragraphs = ReportCleaner.SplitParagraphs(wire).Select(p => p.Of(wire)).ToList();
        paragraphs[0].ShouldStartWith("The regional authority");
        paragraphs[0].ShouldEndWith("on Sunday night.");
        paragraphs.ShouldContain("Background");
        paragraphs.ShouldContain("- Bridge opened: 1968");
        paragraphs.ShouldContain(p => p.StartsWith("Officials said") && p.EndsWith("from the authority."));
    }

    [Fact]
    public void ASubtitleFile_LoadsAsAReport()
    {
        var folder = Directory.CreateTempSubdirectory("rb-srt-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "storm-briefing.srt"), Srt);
            var report = ReportLoader.LoadFolder(folder.FullName).ShouldHaveSingleItem();
            report.Id.ShouldBe("storm-briefing");
            report.Text.ShouldContain("some eighty-two thousand homes across the northern parishes.");
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void AReportsLabelledDate_ComesBeforeAnEventsDateNearTheTop_AnInfoboxRowDatesNothing_AndARuleIsNoHeadline()
    {
        var folder = Directory.CreateTempSubdirectory("rb-labelled-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "notice.txt"), """
                ______________________________________________

                Interim notice: flooding of the Orrin tunnel, 3 March 2026

                Issued by the Tunnel Safety Office
                Reference: TSO/2026/3
                Issue date: 19 March 2026

                1.1 Water entered the tunnel on 3 March 2026 after a pump failed.
                """);
            File.WriteAllText(Path.Combine(folder.FullName, "orrin-tunnel.md"), """
                # Orrin tunnel flood

                | Date | 3–5 March 2026 |
                | Location | Orrin tunnel |

                The Orrin tunnel flood of March 2026 closed the line for a month.
                """);
            var reports = ReportLoader.LoadFolder(folder.FullName);
            var report = reports.Single(r => r.Id == "notice");
            report.Metadata.Published.ShouldBe("2026-03-19");
            reports.Single(r => r.Id == "orrin-tunnel").Metadata.Published.ShouldBeNull("an infobox's row dates the event, not the page");
            report.Metadata.Title.ShouldBe("Interim notice: flooding of the Orrin tunnel, 3 March 2026");
        }
        finally { folder.Delete(recursive: true); }
    }
}
