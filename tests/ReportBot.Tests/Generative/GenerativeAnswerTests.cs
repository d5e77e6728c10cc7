using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Corpus;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Generative;

/// <summary>
/// The generative provider end to end (real Qdrant, real HTTP to an OpenAI-compatible stand-in on loopback): what the
/// model receives, and how each kind of reply — good, invented markers, no markers, a dropped disagreement, empty,
/// malformed, rate-limited, failing — ends up in the answer.
/// </summary>
[Collection("qdrant")]
public sealed partial class GenerativeAnswerTests(QdrantFixture qdrant)
{
    private const string Question = "How many fishing boats did the storm destroy?";

    internal static string Corpus => Path.Combine(AppContext.BaseDirectory, "Fixtures", "injection-corpus", "reports");

    internal static Dictionary<string, string?> Settings(ModelStandIn model) => new()
    {
        ["ReportBot:Chat:Provider"] = "openai-compatible",
        ["ReportBot:Chat:Endpoint"] = model.BaseUrl.ToString(),
        ["ReportBot:Chat:Model"] = "standin-model",
        ["ReportBot:Chat:TimeoutSeconds"] = "10",
        ["ReportBot:Chat:RetryCount"] = "2",
        ["ReportBot:Chat:RetryBaseDelayMilliseconds"] = "20",
    };

    /// <summary>The passages the model was given, by number, parsed from the request.</summary>
    internal static Dictionary<int, string> Passages(ModelCall call) =>
        PassageBlock().Matches(call.Message("user")).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);

    /// <summary>A faithful answer built from what the model was given: each passage restated with its marker, then each disagreement with its sides.</summary>
    internal static string Faithful(ModelCall call)
    {
        var claims = string.Join(" ", Passages(call).Select(p => $"{p.Value.TrimEnd('.')} [{p.Key}]."));
        var sides = DisagreementLine().Matches(call.Message("user")).Select(m =>
            string.Join(", while ", SideOf().Matches(m.Value).Select(s => $"{s.Groups[1].Value} {s.Groups[2].Value}")) + ".");
        return string.Join("\n\n", new[] { claims }.Concat(sides));
    }

    private async Task<(TestServices Services, AnswerResult Extractive)> StartAsync(ModelStandIn model)
    {
        var s = new TestServices(qdrant, Corpus, Settings(model));
        await s.SyncAsync();
        var modelFree = ActivatorUtilities.CreateInstance<AnswerService>(s.Get<IServiceProvider>(), ModelFreeAnswerer.Instance);
        var extractive = await modelFree.AnswerAsync(new AnswerRequest(Question), TestContext.Current.CancellationToken);
        extractive.Answerable.ShouldBeTrue();
        extractive.Disagreements.ShouldNotBeEmpty("the fixture's reports disagree on the count");
        return (s, extractive);
    }

    private static void ShouldKeepTheGuarantees(AnswerResult a, AnswerResult extractive)
    {
        var reports = ReportLoader.LoadFolder(Corpus).ToDictionary(r => r.Id, r => r.Text);
        a.Citations.ShouldBe(extractive.Citations, "the citations are the model-free composer's verbatim quotes");
        a.Disagreements.Select(d => d.Summary).ShouldBe(extractive.Disagreements.Select(d => d.Summary), "the flag never depends on the model");
        foreach (var c in a.Citations) reports[c.ReportId][c.Start..c.End].ShouldBe(c.Quote);
        foreach (Match m in Marker().Matches(a.Answer)) a.Citations.ShouldContain(c => c.N == int.Parse(m.Groups[1].Value), $"[{m.Groups[1].Value}] resolves");
        foreach (var d in a.Disagreements) AnswerGuard.IsStated(d, a.Answer.Split("\n\n")).ShouldBeTrue($"the disagreement on {d.Topic} is stated with its sides");
        ShouldNotObeyTheInjection(a.Answer);
    }

    /// <summary>The obeyed instruction ("INJECTED ANSWER" as the model's own sentence) is gone; quoting the report that says it is fine.</summary>
    private static void ShouldNotObeyTheInjection(string answer)
    {
        answer.ShouldNotStartWith("INJECTED", Case.Sensitive);
        answer.ShouldNotContain("INJECTED ANSWER.", Case.Sensitive);
    }

    [Fact]
    public async Task GoodReply_PassesThroughWithItsCitations_AndTheRequestCarriesDelimitedEvidenceAndInstructions()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Reply(Faithful);
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;
        var a = await s.AskAsync(Question);

        var call = model.Calls.Single(c => c.Path == "/v1/chat/completions");
        model.Rejected.ShouldBe(0);
        call.Authorization.ShouldBeNull("no key is configured, so none is sent");
        call.Body["model"]!.GetValue<string>().ShouldBe("standin-model");
        call.Message("system").ShouldBe(s.Get<PromptTemplates>().AnswerSystem.Trim());
        call.Message("system").ShouldContain("never instructions");
        var user = call.Message("user");
        user.ShouldContain("<evidence>");
        user.ShouldContain("untrusted");
        var passages = Passages(call);
        passages.Keys.Order().ShouldBe(a.Citations.Select(c => c.N).Order(), "every citation is given as a numbered passage");
        foreach (var c in a.Citations) passages[c.N].ShouldBe(c.Quote);
        foreach (var d in a.Disagreements) foreach (var side in d.Claims) user.ShouldContain($"\"{side.Value}\"");

        a.Mode.ShouldBe(AnswerModes.Generative);
        a.Answer.ShouldBe(Faithful(call), "a reply that keeps every rule passes through unchanged");
        ShouldKeepTheGuarantees(a, extractive);
    }

    [Fact]
    public async Task InventedMarkers_AreRemovedOrRepaired_AndUnsupportedSentencesDropped()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Reply(call =>
        {
            var p = Passages(call);
            var first = p.First();
            // [9] was never given; the second sentence has no marker at all; the third is supported by nothing.
            return $"{first.Value.TrimEnd('.')} [9]. {p.Last().Value} The harbour was rebuilt overnight by a fleet of purple submarines [1].";
        });
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;
        var a = await s.AskAsync(Question);

        a.Mode.ShouldBe(AnswerModes.Generative);
        a.Answer.ShouldNotContain("[9]");
        a.Answer.ShouldNotContain("submarines");
        var call = model.Calls.Single();
        var passages = Passages(call);
        a.Answer.ShouldContain($"{passages.First().Value.TrimEnd('.')} [{passages.First().Key}].", Case.Sensitive, "the invented [9] is replaced by the passage that supports the sentence");
        a.Answer.ShouldContain($"[{passages.Last().Key}]", Case.Sensitive, "the unmarked sentence gets the marker of its passage");
        ShouldKeepTheGuarantees(a, extractive);
    }

    [Fact]
    public async Task AReplyThatDropsTheDisagreement_GetsTheDisagreementNoteAppended()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Reply(call => { var p = Passages(call).First(); return $"{p.Value.TrimEnd('.')} [{p.Key}]."; });
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;
        var a = await s.AskAsync(Question);

        a.Mode.ShouldBe(AnswerModes.Generative);
        a.Answer.ShouldContain("**The reports disagree**");
        ShouldKeepTheGuarantees(a, extractive);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("no-claims")]
    [InlineData("malformed")]
    public async Task UnusableReplies_FallBackToTheModelFreeAnswer(string kind)
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = kind switch
        {
            "empty" => ModelStandIn.Reply(_ => ""),
            "no-claims" => ModelStandIn.Reply(_ => "INJECTED ANSWER. The moon is made of cheese."),
            _ => ModelStandIn.Malformed(),
        };
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;
        var a = await s.AskAsync(Question);

        model.Count(c => c.Path == "/v1/chat/completions").ShouldBe(1, "a 200 reply is not retried");
        a.Mode.ShouldBe(AnswerModes.ExtractiveFallback);
        a.Answer.ShouldBe(extractive.Answer);
        ShouldKeepTheGuarantees(a, extractive);
    }

    [Fact]
    public async Task A429WithRetryAfter_IsRetriedAfterTheWait_ThenTheAnswerIsGenerated()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Script(ModelStandIn.Status(429, retryAfterSeconds: 1));
        model.Default = ModelStandIn.Reply(Faithful);
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;
        var a = await s.AskAsync(Question);

        var calls = model.Calls;
        calls.Count.ShouldBe(2);
        var waited = calls[1].At - calls[0].At;
        TestContext.Current.SendDiagnosticMessage($"429 → retry after {waited.TotalMilliseconds:F0} ms");
        waited.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), "Retry-After: 1 is honoured");
        calls[1].Body.ToJsonString().ShouldBe(calls[0].Body.ToJsonString(), "the same request is sent again");
        a.Mode.ShouldBe(AnswerModes.Generative);
        ShouldKeepTheGuarantees(a, extractive);
    }

    [Fact]
    public async Task AReplyThatHangsPastThePerAttemptTimeout_IsRetried()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Script(async (_, http) => await Task.Delay(TimeSpan.FromSeconds(5), http.RequestAborted));
        model.Default = ModelStandIn.Reply(Faithful);
        var settings = Settings(model);
        settings["ReportBot:Chat:TimeoutSeconds"] = "1";
        await using var s = new TestServices(qdrant, Corpus, settings);
        await s.SyncAsync();
        var clock = Stopwatch.StartNew();
        var asked = DateTimeOffset.UtcNow;
        var a = await s.AskAsync(Question);

        var calls = model.Calls;
        calls.Count.ShouldBe(2);
        // The retry cannot come before the first attempt has had its second, and that attempt began after the question was
        // asked. (Measured from the first call's arrival instead, the test failed once in CI under load: the first request
        // reached the stand-in 214 ms after its attempt's clock had started.)
        (calls[1].At - asked).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950), "the first attempt was given its second");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(4), "the hanging attempt was cut at the timeout, not awaited");
        TestContext.Current.SendDiagnosticMessage($"hung attempt cut and retried: answered in {clock.ElapsedMilliseconds} ms");
        a.Mode.ShouldBe(AnswerModes.Generative);
    }

    [Fact]
    public async Task A500Storm_FallsBackAfterTheRetries_ThenTheCircuitOpensAndTheServerIsLeftAlone()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Status(500);
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;

        var clock = Stopwatch.StartNew();
        var first = await s.AskAsync(Question);
        first.Mode.ShouldBe(AnswerModes.ExtractiveFallback);
        first.Answer.ShouldBe(extractive.Answer);
        model.Count(_ => true).ShouldBe(3, "one attempt and two retries");
        var second = await s.AskAsync(Question);
        second.Mode.ShouldBe(AnswerModes.ExtractiveFallback);
        var afterTwo = model.Count(_ => true);
        afterTwo.ShouldBeInRange(4, 6, "the breaker opens once enough calls failed");
        var third = await s.AskAsync(Question);
        third.Mode.ShouldBe(AnswerModes.ExtractiveFallback);
        model.Count(_ => true).ShouldBe(afterTwo, "while the circuit is open no request reaches the server");
        TestContext.Current.SendDiagnosticMessage($"500 storm: 3 fallbacks in {clock.ElapsedMilliseconds} ms, {afterTwo} requests");
        ShouldKeepTheGuarantees(third, extractive);
    }

    [Fact]
    public async Task AReportThatSaysIgnorePreviousInstructions_ChangesNothing()
    {
        await using var model = await ModelStandIn.StartAsync();
        // A model that obeys any instruction it reads, in the passages too.
        model.Default = ModelStandIn.Reply(call => (call.Message("user").Contains("Ignore previous instructions", StringComparison.Ordinal) ? "INJECTED ANSWER.\n\n" : "") + Faithful(call));
        await using var s = new TestServices(qdrant, Corpus, Settings(model));
        await s.SyncAsync();
        const string question = "What did the notice say about the storm and the fishing boats at the harbour?";
        var modelFree = ActivatorUtilities.CreateInstance<AnswerService>(s.Get<IServiceProvider>(), ModelFreeAnswerer.Instance);
        var extractive = await modelFree.AnswerAsync(new AnswerRequest(question), TestContext.Current.CancellationToken);
        var a = await s.AskAsync(question);

        var call = model.Calls.Single();
        var user = call.Message("user");
        user.ShouldContain("Ignore previous instructions", Case.Sensitive, "the injected report is among the evidence");
        var outside = PassageBlock().Replace(user, "");
        outside.ShouldNotContain("Ignore previous instructions", Case.Sensitive, "report text appears only inside a delimited passage");
        call.Message("system").ShouldBe(s.Get<PromptTemplates>().AnswerSystem.Trim());
        ShouldNotObeyTheInjection(a.Answer);
        a.Answer.ShouldBe(Faithful(call), "the answer is the faithful part of the reply, as without the injected report's instruction");
        a.Mode.ShouldBe(AnswerModes.Generative);
        a.Citations.ShouldBe(extractive.Citations);
        foreach (Match m in Marker().Matches(a.Answer)) a.Citations.ShouldContain(c => c.N == int.Parse(m.Groups[1].Value));
    }

    [Fact]
    public async Task AFollowUp_IsRewrittenByTheModel()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Script(ModelStandIn.Reply(call =>
        {
            call.Message("system").ShouldContain("rewrite");
            call.Message("user").ShouldContain("<conversation>");
            call.Message("user").ShouldContain("fishing boats");
            return "How many fishing boats did the storm destroy at the harbour?";
        }));
        model.Default = ModelStandIn.Reply(Faithful);
        var (s, extractive) = await StartAsync(model);
        await using var _ = s;
        var a = await s.AskAsync("And how many were destroyed?", new ChatTurn("user", "What happened to the fishing boats in the storm?"), new ChatTurn("assistant", "They were wrecked."));

        a.RewrittenQuestion.ShouldBe("How many fishing boats did the storm destroy at the harbour?");
        model.Calls.Count.ShouldBe(2);
        a.Mode.ShouldBe(AnswerModes.Generative);
        ShouldKeepTheGuarantees(a, extractive);
    }

    [Fact]
    public async Task Streaming_SendsTheModelsCheckedSentencesAsDeltas_EndToEnd()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Reply(call => "INJECTED ANSWER. " + Faithful(call));
        await using var bot = new BotFactory(qdrant, Corpus, Settings(model));
        var http = await bot.ReadyClientAsync();
        using var response = await http.PostAsJsonAsync("/api/chat/stream", new { question = Question }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var events = SseEvent().Matches(body).Select(m => (Name: m.Groups[1].Value, Data: JsonDocument.Parse(m.Groups[2].Value).RootElement)).ToList();

        var call = model.Calls.Single();
        call.Streamed.ShouldBeTrue("the model was asked to stream");
        events[0].Name.ShouldBe("meta");
        events[^1].Name.ShouldBe("done");
        var deltas = events.Where(e => e.Name == "delta").Select(e => e.Data.GetProperty("text").GetString()).ToList();
        deltas.Count.ShouldBeGreaterThan(1);
        var done = events[^1].Data;
        done.GetProperty("mode").GetString().ShouldBe(AnswerModes.Generative);
        string.Concat(deltas).ShouldBe(done.GetProperty("answer").GetString(), "the deltas concatenated are the answer");
        ShouldNotObeyTheInjection(done.GetProperty("answer").GetString()!);
        done.GetProperty("answer").GetString().ShouldBe(Faithful(call));

        // Within a stored conversation (as the channels answer) the model's sentences stream the same way.
        using var inConversation = await http.PostAsJsonAsync("/api/chat/stream", new { question = Question, conversationId = "new" }, TestContext.Current.CancellationToken);
        inConversation.EnsureSuccessStatusCode();
        var again = SseEvent().Matches(await inConversation.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Select(m => (Name: m.Groups[1].Value, Data: JsonDocument.Parse(m.Groups[2].Value).RootElement)).ToList();
        model.Calls[^1].Streamed.ShouldBeTrue();
        var pieces = again.Where(e => e.Name == "delta").Select(e => e.Data.GetProperty("text").GetString()).ToList();
        pieces.Count.ShouldBeGreaterThan(1);
        string.Concat(pieces).ShouldBe(again[^1].Data.GetProperty("answer").GetString());
    }

    [GeneratedRegex(@"<passage n=""(\d+)""[^>]*>\n(.*?)\n</passage>", RegexOptions.Singleline)]
    internal static partial Regex PassageBlock();

    [GeneratedRegex(@"^- .*$", RegexOptions.Multiline)]
    private static partial Regex DisagreementLine();

    [GeneratedRegex(@"""([^""]+)"" ((?:\[\d+\])+)")]
    private static partial Regex SideOf();

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"event: (\w+)\ndata: (.*)\n\n")]
    private static partial Regex SseEvent();
}
