using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Comparison;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// When no report's best passage gives a value of the asked kind, the lead quotes the first piece of evidence that holds
/// one (a name for "who", a date for "when"), not the best-scoring sentence that names nobody. Sentences written for this
/// test, in none of the corpora: the question's "leads" is the report's "chairs", so no passage is read as the answer.
/// </summary>
public sealed class FallbackLeadTests
{
    private static AnalyzedQuestion Q(string text) => new QuestionAnalyzer().Analyze(text, CorpusStatistics.Empty);

    private static ScoredSentence Evidence(string report, string text, double score) =>
        new(new ChunkPayload(report, report, null, "2026-02-03", 0, 0, text.Length, text, false, "h-" + report), 0, text.Length, text, score, score, 0, []);

    [Theory]
    [InlineData("Who leads the moorings association in Pellow?", "Judith Ormsby, 58, who chairs the Pellow group, told the Weekly that fees had not risen in nine years.")]
    [InlineData("When will the Pellow harbour wall be repaired?", "Repairs to the north wall are due to start on 14 April 2026, the harbour office said.")]
    public void TheLead_QuotesTheEvidenceThatHoldsAValueOfTheAskedKind(string question, string answering)
    {
        var evidence = new[]
        {
            Evidence("harbour-news", "Boat owners crowded into the harbour office in Pellow on Monday night to hear the association explain its plan to raise fees.", 0.4),
            Evidence("pellow-weekly", answering, 0.3),
        };

        var composed = AnswerComposer.Compose(Q(question), evidence, CorpusSnapshot.Empty, (_, _) => 0);

        composed.Text.Split("\n\n")[0].ShouldContain(answering, Case.Sensitive, composed.Text);
        composed.Text.Split("\n\n")[0].ShouldEndWith("[2]", Case.Sensitive, "the lead cites the passage it quotes");
    }

    [Fact]
    public void WithNoValueOfTheAskedKindAnywhere_TheLeadQuotesTheBestEvidence()
    {
        var best = "Boat owners crowded into the harbour office in Pellow on Monday night to hear the association explain its plan to raise fees.";
        var evidence = new[] { Evidence("harbour-news", best, 0.4), Evidence("pellow-weekly", "Members will vote on the rise at the spring meeting.", 0.3) };

        var composed = AnswerComposer.Compose(Q("Who leads the moorings association in Pellow?"), evidence, CorpusSnapshot.Empty, (_, _) => 0);

        composed.Text.Split("\n\n")[0].ShouldContain(best, Case.Sensitive, composed.Text);
        ReportAnswers.HoldsValue(AnswerKind.Name, best, Q("Who leads the moorings association in Pellow?")).ShouldBeFalse();
    }

    [Fact]
    public void AQuoteHardWrappedOverLines_IsShownOnOneLine_AndItsCitationKeepsTheReportsText()
    {
        var wrapped = "Repairs to the north wall are due to start on 14 April 2026,\n    the harbour office said.";
        var composed = AnswerComposer.Compose(Q("When will the Pellow harbour wall be repaired?"), [Evidence("harbour-notice", wrapped, 0.4)], CorpusSnapshot.Empty, (_, _) => 0);

        composed.Text.ShouldContain("14 April 2026, the harbour office said.", Case.Sensitive, composed.Text);
        composed.Citations.ShouldContain(c => c.Quote == wrapped);
    }
}
