using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Infrastructure.SemanticKernel;
using ReportBot.Tests.Generative;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.SemanticKernel;

/// <summary>
/// Someone adds the <c>reports</c> plugin to their own Semantic Kernel kernel (as docs/semantic-kernel.md shows), over
/// ReportBot's services on a real Qdrant: search, answer and disagreements as kernel functions, model-free by default;
/// with an SK chat completion service (SK's OpenAI connector against the tests' stand-in model server) the answer is
/// written by the <c>reports.write</c> prompt function (the prompt files as SK templates) and checked by the SK filter.
/// </summary>
[Collection("qdrant")]
public sealed class ReportsPluginTests(QdrantFixture qdrant)
{
    private const string Question = "How many fishing boats did the storm destroy?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_plugin_in_your_own_kernel_searches_answers_and_lists_disagreements_without_a_model()
    {
        await using var reportBot = new TestServices(qdrant, GenerativeAnswerTests.Corpus);
        await reportBot.SyncAsync();
        var kernel = Kernel.CreateBuilder().Build().AddReportsPlugin(reportBot.Get<IServiceProvider>());

        kernel.Plugins[ReportsKernel.PluginName].Select(f => f.Name).Order().ShouldBe(["answer", "disagreements", "rewrite", "search", "write"]);

        var passages = (await kernel.InvokeAsync(ReportsKernel.PluginName, "search", new() { ["query"] = "fishing boats destroyed", ["top"] = 3 }, Ct))
            .GetValue<IReadOnlyList<PassageView>>()!;
        passages.Count.ShouldBe(3);
        passages.ShouldAllBe(p => p.Text.Length > 0 && p.ReportId.Length > 0);
        passages.ShouldContain(p => p.Text.Contains("boats", StringComparison.OrdinalIgnoreCase));

        var answer = (await kernel.InvokeAsync(ReportsKernel.PluginName, "answer", new() { ["question"] = Question }, Ct)).GetValue<AnswerResult>()!;
        var direct = await reportBot.Answers.AnswerAsync(new AnswerRequest(Question), Ct);
        answer.Mode.ShouldBe(AnswerModes.Extractive, "no chat completion service in the kernel: the model-free path");
        answer.Answer.ShouldBe(direct.Answer);
        answer.Citations.ShouldBe(direct.Citations);

        var disagreements = (await kernel.InvokeAsync(ReportsKernel.PluginName, "disagreements", new(), Ct)).GetValue<IReadOnlyList<Disagreement>>()!;
        disagreements.Count.ShouldBe(DisagreementMap.From(reportBot.Get<Core.Ingestion.CorpusState>().Current).Disagreements.Count);
        disagreements.ShouldNotBeEmpty("the fixture's reports disagree on the count");
        var about = (await kernel.InvokeAsync(ReportsKernel.PluginName, "disagreements", new() { ["topic"] = disagreements[0].Topic }, Ct)).GetValue<IReadOnlyList<Disagreement>>()!;
        about.ShouldContain(d => d.Topic == disagreements[0].Topic);

        // The same retrieval as SK's ITextSearch (what SK's text-search plugins and TextSearchProvider take).
#pragma warning disable CS0618 // the non-generic ITextSearch is what SK 1.82's plugin factories take
        var search = ActivatorUtilities.CreateInstance<ReportsTextSearch>(reportBot.Get<IServiceProvider>());
        var results = new List<Microsoft.SemanticKernel.Data.TextSearchResult>();
        await foreach (var r in (await search.GetTextSearchResultsAsync("fishing boats destroyed", new() { Top = 3 }, Ct)).Results) results.Add(r);
#pragma warning restore CS0618
        results.Select(r => r.Value).ShouldBe(passages.Select(p => p.Text));
        results.ShouldAllBe(r => r.Link!.StartsWith("report:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_SK_chat_completion_service_the_prompt_template_writes_and_the_filter_checks_the_answer()
    {
        await using var model = await ModelStandIn.StartAsync("sk-test-key");
        // A faithful answer from what the model was given, plus a sentence no passage supports.
        model.Default = ModelStandIn.Reply(call => GenerativeAnswerTests.Faithful(call) + "\n\nThe storm was caused by a secret weather machine [1].");
        await using var reportBot = new TestServices(qdrant, GenerativeAnswerTests.Corpus);
        await reportBot.SyncAsync();
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion("standin-model", model.BaseUrl, apiKey: "sk-test-key");
        var kernel = builder.Build().AddReportsPlugin(reportBot.Get<IServiceProvider>());

        var answer = (await kernel.InvokeAsync(ReportsKernel.PluginName, "answer", new() { ["question"] = Question }, Ct)).GetValue<AnswerResult>()!;

        var call = model.Calls.Single(c => c.Path == "/v1/chat/completions");
        call.Authorization.ShouldBe("Bearer sk-test-key");
        model.Rejected.ShouldBe(0);
        call.Message("system").ShouldBe(reportBot.Get<PromptTemplates>().AnswerSystem.Trim(), "the system prompt file, rendered by SK");
        var user = call.Message("user");
        user.ShouldContain("Question: " + Question);
        user.ShouldContain("<evidence>");
        user.ShouldNotContain("{{", Case.Sensitive);
        GenerativeAnswerTests.Passages(call).Keys.Order().ShouldBe(answer.Citations.Select(c => c.N).Order());

        answer.Mode.ShouldBe(AnswerModes.Generative);
        answer.Answer.ShouldNotContain("weather machine", Case.Insensitive, "the SK filter dropped the unsupported sentence");
        answer.Answer.ShouldStartWith(GenerativeAnswerTests.Faithful(call).Split("\n\n")[0][..40]);
        foreach (var d in answer.Disagreements) AnswerGuard.IsStated(d, answer.Answer.Split("\n\n")).ShouldBeTrue();
    }
}
