using ReportBot.Core.Answering;
using ReportBot.Core.Evaluation;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Evaluation;

public sealed class QuestionSetTests
{
    [Fact]
    public void Load_TheProjectSets_ParseWithUniqueIds()
    {
        var dev = QuestionSet.Load(Path.Combine(TestPaths.RepositoryRoot, "corpus", "questions", "questions.jsonl"));
        dev.Count.ShouldBeGreaterThanOrEqualTo(60);
        dev.Count(q => !q.Answerable).ShouldBeGreaterThanOrEqualTo(10);
        dev.Count(q => q.History.Count > 0).ShouldBeGreaterThan(0);
        QuestionSet.Load(Path.Combine(TestPaths.SecondCorpus, "..", "questions.jsonl")).Count.ShouldBeGreaterThanOrEqualTo(20);
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"question\":\"q\"}\n{\"id\":\"b\"", 2, "not valid JSON")]
    [InlineData("// comment\n\n{\"question\":\"q\"}", 3, "'id' is required")]
    [InlineData("{\"id\":\"a\",\"question\":\"\"}", 1, "'question' must not be blank")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\"}\n{\"id\":\"a\",\"question\":\"r\"}", 2, "duplicate id 'a'")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"answerable\":\"yes\"}", 1, "'answerable' must be true or false")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"facts\":[\"11,000\"]}", 1, "'facts' must be an array of arrays of strings")]
    [InlineData("{\"id\":7,\"question\":\"q\"}", 1, "'id' must be a string")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"history\":[{\"role\":\"bot\",\"content\":\"x\"}]}", 1, "'role' must be")]
    [InlineData("[1]", 1, "must be a JSON object")]
    public void Parse_MalformedSets_StopWithTheLineNumber(string text, int line, string message)
    {
        var e = Should.Throw<QuestionSetException>(() => QuestionSet.Parse(text.Split('\n')));
        e.Line.ShouldBe(line);
        e.Message.ShouldContain(message);
    }

    private static Citation Cite(string quote) => new(1, "r", "A title", "The Gazette", "2026-03-03", quote, 0, quote.Length);

    [Theory]
    [InlineData("The reports put it at over 11,000 troops.", "Pyongyang sent over 11,000 troops to Russia in 2024.", true)]
    [InlineData("The Gazette (2026-03-03): “Twelve workers were injured.”", "Twelve workers were injured.", true)]
    [InlineData("The reports put it at 20,000 troops.", "Pyongyang sent over 11,000 troops to Russia in 2024.", false)]
    [InlineData("The bridge was closed because of flooding in the valley.", "Pyongyang sent over 11,000 troops to Russia in 2024.", false)]
    [InlineData("Officials said the fire started in the loading bay.", "The fire started in the loading bay, officials said on Tuesday.", true)]
    public void Supports_IsLexicalAndStrictOnNumbers(string sentence, string quote, bool expected) =>
        Scorer.Supports(sentence, [Cite(quote)]).ShouldBe(expected);
}
