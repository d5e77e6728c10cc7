using ReportBot.Core.Answering.Comparison;
using ReportBot.Core.Text;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A "how many" that names whose figure it asks for ("According to the coastguard, …") is answered by that source's figure,
/// and another source's figure is no disagreement; a figure's period goes into the lead with it. Reports written for this
/// test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class NamedSourceTests(QdrantFixture qdrant)
{
    [Theory]
    [InlineData("According to the coastguard, how many people were rescued from Lake Orrin?", "coastguard")]
    [InlineData("How many boats did the harbour master say had sunk?", "master")]
    [InlineData("How many were hurt, according to the Tallis Herald's figure at the time?", "tallis")]
    public void A_question_naming_a_source_gives_its_words(string question, string word) =>
        AnswerLanguage.NamedSource(question).ShouldContain(Stemmer.Stem(word));

    [Theory]
    [InlineData("How many people were rescued from Lake Orrin?")]
    [InlineData("How much has Castellan put into the fund?")]
    [InlineData("When did the ferry sink?")]
    public void A_question_naming_no_source_gives_none(string question) =>
        AnswerLanguage.NamedSource(question).ShouldBeEmpty();

    [Fact]
    public async Task The_named_source_figure_answers_and_another_source_is_no_disagreement()
    {
        var dir = TestPaths.NewTempFolder("named-source-corpus");
        TestPaths.WriteReport(dir, "orrin-gazette", "Boaters rescued on Lake Orrin", "Orrin Gazette", "2026-08-10",
            "The coastguard said 14 people were rescued from Lake Orrin on Sunday after two boats capsized in a squall.", "The lake reopened to sailing on Monday.");
        TestPaths.WriteReport(dir, "valley-radio", "Volunteers praised after Orrin squall", "Valley Radio", "2026-08-11",
            "Volunteer crews said about 20 people were rescued from Lake Orrin during the squall.", "The sailing club will hold a safety evening next week.");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("According to the coastguard, how many people were rescued from Lake Orrin?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Disagreements.ShouldBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("14", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("20", Case.Sensitive, a.Answer);

        // Asked without a source, the two figures disagree.
        (await s.AskAsync("How many people were rescued from Lake Orrin?")).Disagreements.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_figure_keeps_its_period_in_the_lead()
    {
        var dir = TestPaths.NewTempFolder("figure-period-corpus");
        TestPaths.WriteReport(dir, "fibre-update", "Fibre roll-out passes milestone", "Tarn County Council", "2026-05-02",
            "Some 3,400 homes in Tarn have been connected to full fibre since March 2025, the council said.", "Work in the northern villages starts in June.");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many homes in Tarn have been connected to full fibre?");

        a.Answer.Split('\n')[0].ShouldContain("(since March 2025)", Case.Sensitive, a.Answer);
    }
}
