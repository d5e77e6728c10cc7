using ReportBot.Core.Corpus;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Corpus;

public sealed class ChunkerTests
{
    [Fact]
    public void Chunk_OnTheCorpus_GivesWholeSentencesWithExactOffsets()
    {
        foreach (var report in ReportLoader.LoadFolder(TestPaths.Corpus))
        {
            var chunks = Chunker.Chunk(ReportCleaner.Clean(report), 600);
            chunks.ShouldNotBeEmpty();
            chunks.Select(c => c.Index).ShouldBe(Enumerable.Range(0, chunks.Count));
            foreach (var c in chunks)
            {
                report.Text[c.Start..c.End].ShouldBe(c.Text);
                c.Text.ShouldBe(c.Text.Trim());
                (c.Text.Length <= 600 || !c.Text.Contains(". ", StringComparison.Ordinal)).ShouldBeTrue($"{report.Id} chunk {c.Index} is over the limit");
            }
            chunks.Count(c => c.IsHeadline).ShouldBeLessThanOrEqualTo(1);
        }
    }

    [Fact]
    public void Chunk_SplitsALongParagraphAtSentenceBoundaries()
    {
        var sentence = "The council met on Monday and agreed a budget of 4.5 million euros for repairs. ";
        var text = "Title line\n\n" + string.Concat(Enumerable.Repeat(sentence, 20)).Trim();
        var report = new Report("long", "long.txt", new ReportMetadata("Title line"), text, "h");
        var chunks = Chunker.Chunk(ReportCleaner.Clean(report), 300);
        chunks.Count.ShouldBeGreaterThan(4);
        foreach (var c in chunks.Where(c => !c.IsHeadline))
        {
            c.Text.Length.ShouldBeLessThanOrEqualTo(300);
            c.Text.ShouldStartWith("The council");
            c.Text.ShouldEndWith("repairs.");
        }
    }

    [Fact]
    public void SentenceSplitter_DoesNotSplitAbbreviationsOrNumbers()
    {
        var text = "U.S. officials met Dr. Smith on Jan. 5. The cost rose to 4.5 million. \"It works,\" she said. Next one.";
        var spans = ReportBot.Core.Text.SentenceSplitter.Split(text, new(0, text.Length));
        spans.Select(s => s.Of(text)).ShouldBe(["U.S. officials met Dr. Smith on Jan. 5.", "The cost rose to 4.5 million.", "\"It works,\" she said.", "Next one."]);
    }

    [Fact]
    public void SentenceSplitter_SplitsAfterAnEncyclopediasReferenceMarkers()
    {
        var text = "The mill closed in 1968.[4] It reopened as flats in 1990.[5][6] A plaque, [a] unveiled later, marks it.";
        var spans = ReportBot.Core.Text.SentenceSplitter.Split(text, new(0, text.Length));
        spans.Select(s => s.Of(text)).ShouldBe(["The mill closed in 1968.", "It reopened as flats in 1990.", "A plaque, [a] unveiled later, marks it."]);
    }

    /// <summary>A quote "… flats in 1990.[5]" [2] would read as citing two sources: the markers are no part of the sentence.</summary>
    [Fact]
    public void SentenceSplitter_LeavesReferenceMarkersOutOfTheSentence()
    {
        var text = "The ferry was withdrawn in 1971, citing falling trade.[12][13]";
        var spans = ReportBot.Core.Text.SentenceSplitter.Split(text, new(0, text.Length));
        spans.Select(s => s.Of(text)).ShouldBe(["The ferry was withdrawn in 1971, citing falling trade."]);
    }

    [Fact]
    public void SentenceSplitter_DoesNotSplitAfterCirca()
    {
        var text = "The chapel (c. 1740) and the barn, ca. 1800 in date, burned. The village had c. 300 people.";
        var spans = ReportBot.Core.Text.SentenceSplitter.Split(text, new(0, text.Length));
        spans.Select(s => s.Of(text)).ShouldBe(["The chapel (c. 1740) and the barn, ca. 1800 in date, burned.", "The village had c. 300 people."]);
    }

    [Fact]
    public void Chunk_AHeadingOrAQuestionLeadsIntoTheParagraphAfterIt_AndIsIndexedWithIt()
    {
        var text = "Kettle recall widened\n\n2. Units affected\n\nAbout 9,000 kettles were sold.\n\nQ: Can I get a refund?\n\nA: Yes, at any branch.\n\n- Leeds\n\n- York\n\nThe firm said sales had stopped.";
        var report = new Report("faq", "faq.txt", new ReportMetadata("Kettle recall widened"), text, "h");
        var chunks = Chunker.Chunk(ReportCleaner.Clean(report), 600);
        var byText = chunks.ToDictionary(c => c.Text);
        byText["About 9,000 kettles were sold."].IndexText.ShouldBe("2. Units affected\nAbout 9,000 kettles were sold.");
        byText["A: Yes, at any branch."].IndexText.ShouldBe("Q: Can I get a refund?\nA: Yes, at any branch.");
        byText["- York"].LeadIn.ShouldBeNull(); // a list item leads into nothing
        byText["The firm said sales had stopped."].LeadIn.ShouldBeNull();
        chunks.ShouldNotContain(c => c.Text == "2. Units affected"); // a bare label is no chunk of its own, only a lead-in
        var noHeading = Chunker.Chunk(ReportCleaner.Clean(report with { Text = "Kettle recall widened\n\nAbout 9,000 kettles were sold." }), 600);
        noHeading.Single(c => !c.IsHeadline).LeadIn.ShouldBeNull(); // the headline is the report's title, not a heading of its first paragraph
        Chunker.IsLeadIn("It was over by nine, the police said.").ShouldBeFalse();
        Chunker.IsLeadIn("What happens next").ShouldBeTrue();
    }
}
