using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Comparison;
using ReportBot.Core.Retrieval;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "At what time …?" asks a clock time, not a date: each report's time is read ("4.42pm", "16:42"), times in other words
/// agree, and a passage giving the time answers before one giving only the day ("On what date …?" likewise names the kind
/// of date asked, which any date states). Sentences and reports written for this
/// test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class ClockTimeTests(QdrantFixture qdrant)
{
    private static AnalyzedQuestion Q(string text) => new QuestionAnalyzer().Analyze(text, CorpusStatistics.Empty);

    [Theory]
    [InlineData("At what time did the Osby ferry leave?")]
    [InlineData("At roughly what time on the Friday evening did the Osby ferry leave?")]
    [InlineData("What time did the Osby ferry leave?")]
    public void AQuestionForTheTimeOfDay_AsksAClockTime(string question)
    {
        var q = Q(question);
        q.Type.ShouldBe(QuestionType.Time);
        ReportAnswers.KindOf(q).ShouldBe(AnswerKind.Time);
        ReportAnswers.KindOf(Q("On what day did the Osby ferry leave?")).ShouldBe(AnswerKind.Date);
    }

    [Theory]
    [InlineData("On what date did the Osby ferry leave?", "date")]
    [InlineData("In which year was the Osby ferry built?", "year")]
    [InlineData("When is the feast day of the Osby ferry?", null)]
    public void TheKindOfDateAsked_IsTheWordAfterWhat(string question, string? kind)
    {
        var m = AnswerLanguage.AsksDateKind().Match(question);
        (m.Success ? m.Groups["kind"].Value : null).ShouldBe(kind);
    }

    [Theory]
    [InlineData("The Osby ferry left at 4.42pm on Friday 3 July, the operator said.", "4.42pm", "16:42")]
    [InlineData("Tickets cost £6.50, and the Osby ferry left at 9.40 with 80 passengers.", "9.40", "~9:40")]
    [InlineData("The Osby ferry left the quay at 21:40.", "21:40", "21:40")]
    [InlineData("The Osby ferry left shortly after 2 a.m.", "2 a.m", "02:00")]
    public void TheTime_IsReadFromThePassage_NotAnAmountOrADate(string sentence, string text, string key)
    {
        var (value, k) = ReportAnswers.NearestClockTime(sentence, Q("At what time did the Osby ferry leave?"));
        value.ShouldBe(text);
        k.ShouldBe(key);
    }

    [Fact]
    public void TimesInOtherWords_Agree_OtherTimesDoNot()
    {
        ReportAnswers.Agree(AnswerKind.Time, "~9:40", "21:40").ShouldBeTrue();
        ReportAnswers.Agree(AnswerKind.Time, "~9:40", "09:40").ShouldBeTrue();
        ReportAnswers.Agree(AnswerKind.Time, "21:40", "09:40").ShouldBeFalse();
        ReportAnswers.Agree(AnswerKind.Time, "~9:40", "~10:15").ShouldBeFalse();
    }

    [Fact]
    public async Task AtWhatTime_IsAnsweredByEachReportsTime_AndTwoTimesAreTwoSides()
    {
        var dir = TestPaths.NewTempFolder("clock-time-corpus");
        File.WriteAllText(Path.Combine(dir, "wire.md"), "---\ntitle: Ferry fire at Osby\npublisher: Sound Wire\npublished: 2026-07-04\n---\n" +
            "A fire broke out on the Osby ferry on Friday 3 July as it crossed the sound.\n\n" +
            "Crew reported the fire at 9.40pm, the coastguard said.\n\n" +
            "All 80 passengers were taken off safely.\n");
        File.WriteAllText(Path.Combine(dir, "operator.md"), "---\ntitle: Statement on the Osby ferry\npublisher: Osby Ferries\npublished: 2026-07-05\n---\n" +
            "Our log shows the fire on the Osby ferry was reported to the bridge at 22:05.\n\n" +
            "We thank the coastguard and the crew.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("At what time was the fire on the Osby ferry reported?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldContain("9.40pm", Case.Sensitive, a.Answer);
        a.Answer.ShouldContain("22:05", Case.Sensitive, a.Answer);
        a.Answer.Split('\n')[0].ShouldNotContain("3 July", Case.Sensitive, a.Answer);
        a.Disagreements.ShouldHaveSingleItem(a.Answer);
    }
}
