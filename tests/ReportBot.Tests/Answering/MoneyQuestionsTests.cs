using ReportBot.Core.Answering;
using ReportBot.Core.Claims;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A money question is answered by an amount of money for what it prices, with its currency; an amount that prices
/// something else does not answer it. Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class MoneyQuestionsTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("money-corpus");
        File.WriteAllText(Path.Combine(dir, "harbour-post.md"),
            "---\ntitle: \"New arena for Skelby\"\npublisher: Harbour Post\npublished: 2026-04-02\n---\n" +
            "The arena on the old ferry yard at Skelby will cost £64 million, the town's sports trust said on Wednesday.\n\n" +
            "Work is due to start in the autumn and the trust expects 9,000 spectators at the first match.\n");
        return dir;
    }

    // A word or two before the bill ("the estimated bill", "the final fine") still asks an amount of money.
    [Theory]
    [InlineData("What is the estimated bill for the flood repairs?")]
    [InlineData("What was the final fine handed to the operator?")]
    [InlineData("What is the bill for the flood repairs?")]
    public void A_bill_with_words_before_it_asks_an_amount(string question)
    {
        var q = new QuestionAnalyzer().Analyze(question, ReportBot.Core.Retrieval.CorpusStatistics.Empty);
        q.Type.ShouldBe(QuestionType.Quantity);
        q.AskedMeasure.ShouldBe(FigureMeasure.Money);
    }

    [Fact]
    public async Task AnAmountForWhatIsPriced_IsTheAnswer_WithItsCurrency()
    {
        await using var s = new TestServices(qdrant, Corpus());
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How much will the arena at Skelby cost?");

        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldStartWith("The reports give £64 million", Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task AnAmountThatPricesSomethingElse_DoesNotAnswer()
    {
        await using var s = new TestServices(qdrant, Corpus());
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How much will a season ticket at the Skelby arena cost?");

        a.Answerable.ShouldBeFalse(a.Answer);
        a.Citations.ShouldBeEmpty();
    }
}
