using ReportBot.Core.Answering.Comparison;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A date said aloud in a transcript ("Tuesday the fourteenth of April", "March the third") is a date: read, compared and
/// set against another report's. Text written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class SpokenDatesTests(QdrantFixture qdrant)
{
    [Theory]
    [InlineData("It reopens on Tuesday the fourteenth of April.", "apr", 14)]
    [InlineData("The hearing is on March the third, 2027.", "mar", 3)]
    [InlineData("We expect it by the twenty-first of June.", "jun", 21)]
    [InlineData("Voting closes on the thirty-first of October.", "oct", 31)]
    public void A_day_in_words_is_a_day_of_the_month(string sentence, string month, int day) =>
        AnswerLanguage.DaysIn(sentence).ShouldBe([(month, day)]);

    [Theory]
    [InlineData("She came second of the four candidates.")]
    [InlineData("The first of the boats left in May.")]
    public void An_ordinal_that_is_no_day_is_no_date(string sentence) =>
        AnswerLanguage.DaysIn(sentence).ShouldBeEmpty();

    [Fact]
    public async Task A_spoken_date_is_a_side_against_a_written_one()
    {
        var dir = TestPaths.NewTempFolder("spoken-dates-corpus");
        TestPaths.WriteReport(dir, "mill-notice", "Harlow Mill to reopen after fire", "Harlow Mill Ltd", "2026-03-20",
            "Harlow Mill will reopen to visitors on 7 April, the owners said.", "Repairs to the water wheel are complete.");
        File.WriteAllText(Path.Combine(dir, "radio-harlow.txt"),
            "Harlow Radio, morning programme, 2 April 2026\n\nPRESENTER: Now, the mill. When is it opening its doors again?\n\n" +
            "REPORTER: Not next week after all. Harlow Mill will now reopen to visitors on Tuesday the fourteenth of April, because the fire officers want another inspection.\n\n" +
            "PRESENTER: Thank you.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("When will Harlow Mill reopen to visitors?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("7 April", Case.Sensitive, a.Answer);
        lead.ShouldContain("the fourteenth of April", Case.Sensitive, a.Answer);
    }
}
