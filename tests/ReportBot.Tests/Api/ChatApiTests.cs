using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Api;

/// <summary>The bot's own Qdrant fixture: these tests stop and restart it.</summary>
[CollectionDefinition("bot")]
public sealed class BotCollection : ICollectionFixture<QdrantFixture>;

/// <summary>POST /api/chat and the health endpoints on the real host, the real corpus and a real Qdrant.</summary>
[Collection("bot")]
public sealed class ChatApiTests(QdrantFixture qdrant) : IAsyncLifetime
{
    private BotFactory _bot = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _bot = new BotFactory(qdrant, TestPaths.Corpus);
        _client = await _bot.ReadyClientAsync();
    }

    public async ValueTask DisposeAsync() => await _bot.DisposeAsync();

    private static StringContent Json(string body, string type = "application/json") => new(body, Encoding.UTF8, type);

    [Fact]
    public async Task Chat_TroopQuestion_CitesAtLeastTwoReportsWithVerbatimQuotes()
    {
        using var response = await _client.PostAsJsonAsync("/api/chat", new { question = "How many North Korean troops were sent to Russia?" }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = doc.RootElement;
        root.GetProperty("answerable").GetBoolean().ShouldBeTrue();
        var answer = root.GetProperty("answer").GetString()!;
        answer.ShouldContain("11,000");
        var citations = root.GetProperty("citations").EnumerateArray().ToList();
        citations.Select(c => c.GetProperty("reportId").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(2);
        var reports = ReportBot.Core.Corpus.ReportLoader.LoadFolder(TestPaths.Corpus).ToDictionary(r => r.Id, r => r.Text);
        foreach (var c in citations)
        {
            var text = reports[c.GetProperty("reportId").GetString()!];
            var start = c.GetProperty("start").GetInt32();
            var end = c.GetProperty("end").GetInt32();
            text[start..end].ShouldBe(c.GetProperty("quote").GetString());
            answer.ShouldContain($"[{c.GetProperty("n").GetInt32()}]");
            c.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        }
        root.TryGetProperty("disagreements", out var d).ShouldBeTrue();
        d.ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task Chat_OffTopicQuestion_DeclinesInOneSentenceAndCitesNothing()
    {
        using var response = await _client.PostAsJsonAsync("/api/chat", new { question = "What is the best recipe for lemon cake?" }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        doc.RootElement.GetProperty("answerable").GetBoolean().ShouldBeFalse();
        doc.RootElement.GetProperty("citations").GetArrayLength().ShouldBe(0);
        doc.RootElement.GetProperty("answer").GetString()!.Split(". ").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Chat_FollowUpWithHistory_ShowsTheRewrittenQuestionAndAnswersIt()
    {
        var body = new
        {
            question = "And how many of them were killed or wounded?",
            history = new[] { new { role = "user", content = "How many North Korean troops were sent to Russia?" }, new { role = "assistant", content = "Over 11,000." } },
        };
        using var response = await _client.PostAsJsonAsync("/api/chat", body, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        doc.RootElement.GetProperty("rewrittenQuestion").GetString()!.ShouldContain("troops");
        doc.RootElement.GetProperty("answer").GetString()!.ShouldContain("4,000");
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "{}", "application/json", "question" },
        { """{"question": "   "}""", "application/json", "question" },
        { $$"""{"question": "{{new string('a', 2001)}}"}""", "application/json", "question" },
        { """{"question": "How many troops?" """, "application/json", "body" },
        { "not json at all", "application/json", "body" },
        { """{"question": 42}""", "application/json", "question" },
        { """{"question": "ok?", "history": "yesterday"}""", "application/json", "history" },
        { """{"question": "ok?", "history": [{"role": "robot", "content": "hi"}]}""", "application/json", "history[0].role" },
        { """{"question": "ok?", "history": [null]}""", "application/json", "history[0]" },
        { "[1,2,3]", "application/json", "body" },
        { $$"""{"question": "ok?", "history": [{{string.Join(",", Enumerable.Repeat("""{"role":"user","content":"hi"}""", 21))}}]}""", "application/json", "history" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Chat_BadInput_Returns400ProblemNamingTheField(string body, string contentType, string field)
    {
        using var response = await _client.PostAsync("/api/chat", Json(body, contentType), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        doc.RootElement.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"errors should name '{field}': {doc.RootElement}");
    }

    [Fact]
    public async Task Chat_NonJsonContentType_Returns415Problem()
    {
        using var response = await _client.PostAsync("/api/chat", Json("""{"question": "How many troops?"}""", "text/plain"), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Health_LiveAndReady_AreOk()
    {
        (await _client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Chat_WhenQdrantStops_Returns503WithRetryAfter_AndRecoversWhenItIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await qdrant.Process.KillAsync();
        try
        {
            using var down = await _client.PostAsJsonAsync("/api/chat", new { question = "How many troops were sent?" }, ct);
            down.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            down.Headers.RetryAfter.ShouldNotBeNull();
            down.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await _client.GetAsync("/health/ready", ct)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await _client.GetAsync("/health/live", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await qdrant.Process.StartAsync(ct);
        }
        // The same process answers again by itself once Qdrant is back (the circuit closes after its break).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(500, ct);
            using var r = await _client.PostAsJsonAsync("/api/chat", new { question = "How many troops were sent?" }, ct);
            status = r.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApi_DescribesTheChatEndpoint()
    {
        var doc = await _client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        doc.ShouldContain("/api/chat");
    }
}
