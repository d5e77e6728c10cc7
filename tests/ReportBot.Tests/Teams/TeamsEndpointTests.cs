using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Core.Conversations;
using ReportBot.Server.Channels.Teams;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>The Teams tests' own Qdrant.</summary>
[CollectionDefinition("teams")]
public sealed class TeamsCollection : ICollectionFixture<QdrantFixture>;

/// <summary>
/// <c>POST /api/messages</c> on the real host, real corpus and real Qdrant, with authentication on: tokens signed by the
/// test, metadata, token endpoint and connector served by a loopback stand-in that checks what it receives.
/// </summary>
[Collection("teams")]
public sealed class TeamsEndpointTests(QdrantFixture qdrant) : IAsyncLifetime
{
    private BotFrameworkStandIn _standIn = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _standIn = await BotFrameworkStandIn.StartAsync();
        Environment.SetEnvironmentVariable("ReportBot__Teams__ClientSecret", null);
        _bot = new BotFactory(qdrant, TestPaths.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Teams:AppId"] = BotFrameworkStandIn.AppId,
            ["ReportBot:Teams:ClientSecret"] = BotFrameworkStandIn.Secret,
            ["ReportBot:Teams:OpenIdMetadataUrl"] = _standIn.MetadataUrl,
            ["ReportBot:Teams:TokenEndpoint"] = _standIn.TokenEndpoint,
            ["ReportBot:Teams:RetryCount"] = "2",
        });
        _client = await _bot.ReadyClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    private JsonObject Activity(string type, string conversation, string? text = null, string? serviceUrl = null) => new()
    {
        ["type"] = type,
        ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl ?? _standIn.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "A User" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId, ["name"] = "ReportBot" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = "t" },
        ["text"] = text,
    };

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = "valid", string? rawBody = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(rawBody ?? activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token == "valid") token = _standIn.Sign(activity["serviceUrl"]!.GetValue<string>());
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request, Ct);
    }

    private List<ReceivedActivity> ReceivedFor(string conversation) =>
        _standIn.Received.Where(r => r.Body["conversation"]?["id"]?.GetValue<string>() == conversation).ToList();

    private async Task<JsonElement> ChatAsync(string question, params (string Role, string Content)[] history)
    {
        using var r = await _client.PostAsJsonAsync("/api/chat", new { question, history = history.Select(h => new { role = h.Role, content = h.Content }) }, Ct);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    [Fact]
    public async Task Message_WithValidToken_IsAnsweredWithTypingCitationsAndFeedbackButtons()
    {
        const string question = "How many North Korean troops were sent to Russia?";
        var expected = await ChatAsync(question);
        var activity = Activity("message", "conv-answer", question);
        using var response = await PostAsync(activity);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        var received = ReceivedFor("conv-answer");
        received.First().Body["type"]!.GetValue<string>().ShouldBe("typing");
        var reply = received.Single(r => r.Body["type"]!.GetValue<string>() == "message");
        reply.Path.ShouldBe($"/connector/v3/conversations/conv-answer/activities/{activity["id"]}");
        reply.Authorization.ShouldStartWith("Bearer issued-");
        _standIn.BadTokenRequests.ShouldBe(0);

        var text = reply.Body["text"]!.GetValue<string>();
        text.ShouldBe(expected.GetProperty("answer").GetString());
        reply.Body["channelData"]!["feedbackLoopEnabled"]!.GetValue<bool>().ShouldBeTrue();
        var entity = reply.Body["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "https://schema.org/Message")!;
        entity["additionalType"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["AIGeneratedContent"]);
        var citations = entity["citation"]!.AsArray();
        var expectedCitations = expected.GetProperty("citations").EnumerateArray().ToList();
        citations.Count.ShouldBe(Math.Min(20, expectedCitations.Count));
        citations.Count.ShouldBeGreaterThan(0);
        foreach (var c in citations)
        {
            var n = c!["position"]!.GetValue<int>();
            text.ShouldContain($"[{n}]");
            var source = expectedCitations.Single(e => e.GetProperty("n").GetInt32() == n);
            var name = c["appearance"]!["name"]!.GetValue<string>();
            var summary = c["appearance"]!["abstract"]!.GetValue<string>();
            name.Length.ShouldBeLessThanOrEqualTo(80);
            summary.Length.ShouldBeLessThanOrEqualTo(160);
            var quote = Regex.Replace(source.GetProperty("quote").GetString()!, @"\s+", " ");
            quote.ShouldStartWith(summary.TrimEnd('…'));
        }

        // The disagreement card lists each side with its value and citation.
        var disagreements = expected.GetProperty("disagreements").EnumerateArray().ToList();
        disagreements.Count.ShouldBeGreaterThan(0, "precondition: this question's answer holds a disagreement");
        var card = reply.Body["attachments"]!.AsArray().Single()!;
        card["contentType"]!.GetValue<string>().ShouldBe("application/vnd.microsoft.card.adaptive");
        var facts = card["content"]!["body"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "FactSet").SelectMany(b => b!["facts"]!.AsArray()).ToList();
        foreach (var claim in disagreements.SelectMany(d => d.GetProperty("claims").EnumerateArray()))
            facts.ShouldContain(f => f!["title"]!.GetValue<string>() == claim.GetProperty("value").GetString()
                                     && f["value"]!.GetValue<string>().Contains($"[{claim.GetProperty("n").GetInt32()}]"));
    }

    [Fact]
    public async Task FollowUp_UsesTheConversationHistory_AndTheTokenIsCached()
    {
        const string first = "How many North Korean troops were sent to Russia?";
        const string second = "And how many of them were killed or wounded?";
        (await PostAsync(Activity("message", "conv-follow", first))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var firstAnswer = ReceivedFor("conv-follow").Single(r => r.Body["type"]!.GetValue<string>() == "message").Body["text"]!.GetValue<string>();
        (await PostAsync(Activity("message", "conv-follow", second))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var expected = await ChatAsync(second, ("user", first), ("assistant", firstAnswer));
        var replies = ReceivedFor("conv-follow").Where(r => r.Body["type"]!.GetValue<string>() == "message").ToList();
        replies.Count.ShouldBe(2);
        replies[1].Body["text"]!.GetValue<string>().ShouldBe(expected.GetProperty("answer").GetString());
        var history = await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:conv-follow", Ct);
        history.Count.ShouldBe(4);
        _standIn.TokenRequests.ShouldBe(1);
    }

    [Fact]
    public async Task InvalidTokens_Get401_AndAreNeverProcessed()
    {
        var url = _standIn.ServiceUrl;
        var cases = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["expired"] = _standIn.Sign(url, expires: DateTime.UtcNow.AddHours(-1)),
            ["audience"] = _standIn.Sign(url, audience: "someone-else"),
            ["issuer"] = _standIn.Sign(url, issuer: "https://issuer.example"),
            ["unknown-key"] = _standIn.Sign(url, key: BotFrameworkStandIn.UnpublishedKey("other")),
            ["tampered"] = _standIn.Sign(url)[..^6] + "AAAAAA",
            ["serviceurl"] = _standIn.Sign("https://elsewhere.example/connector"),
        };
        foreach (var (name, token) in cases)
        {
            using var response = await PostAsync(Activity("message", "conv-401-" + name, "How many troops were sent?"), token);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, name);
            ReceivedFor("conv-401-" + name).ShouldBeEmpty(name);
            (await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:conv-401-" + name, Ct)).ShouldBeEmpty(name);
        }
    }

    [Fact]
    public async Task ForgedServiceUrl_IsNeverCalled()
    {
        // A valid token for the real connector, an activity naming another host: refused before anything is sent.
        var activity = Activity("message", "conv-forged", "How many troops were sent?", serviceUrl: "http://127.0.0.2:9/connector");
        using var response = await PostAsync(activity, _standIn.Sign(_standIn.ServiceUrl));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _bot.Services.GetRequiredService<TrustedServiceUrls>().IsAllowed("http://127.0.0.2:9/connector").ShouldBeFalse();
    }

    [Fact]
    public async Task MalformedJson_Gets400_AndUnknownTypesAreAcknowledged()
    {
        using (var bad = await PostAsync(Activity("message", "conv-bad"), rawBody: "{\"type\": \"message\", "))
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using (var wrongType = await PostAsync(Activity("message", "conv-bad"), rawBody: "[1,2]"))
            wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreach (var type in new[] { "typing", "messageReaction", "installationUpdate", "somethingNew" })
        {
            using var r = await PostAsync(Activity(type, "conv-ignored"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK, type);
        }
        ReceivedFor("conv-ignored").ShouldBeEmpty();
    }

    [Fact]
    public async Task EmptyAndOversizedMessages_GetAShortPoliteReply()
    {
        (await PostAsync(Activity("message", "conv-empty", "   "))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(Activity("message", "conv-long", new string('a', 2001)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var empty = ReceivedFor("conv-empty").Single().Body["text"]!.GetValue<string>();
        var tooLong = ReceivedFor("conv-long").Single().Body["text"]!.GetValue<string>();
        empty.ShouldContain("question");
        tooLong.ShouldContain("too long");
        tooLong.ShouldContain("2,000");
    }

    [Fact]
    public async Task GroupChatMention_IsStripped_BeforeAnswering()
    {
        const string question = "How many North Korean troops were sent to Russia?";
        var activity = Activity("message", "conv-group", $"<at>ReportBot</at> {question}");
        activity["conversation"]!["conversationType"] = "groupChat";
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>ReportBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId, ["name"] = "ReportBot" },
        });
        (await PostAsync(activity)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var history = await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:conv-group", Ct);
        history[0].Content.ShouldBe(question);
        ReceivedFor("conv-group").Single(r => r.Body["type"]!.GetValue<string>() == "message").Body["text"]!.GetValue<string>()
            .ShouldBe((await ChatAsync(question)).GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Feedback_IsAnswered200_AndStoredWithTheQuestionAndAnswer()
    {
        const string question = "How many North Korean troops were sent to Russia?";
        (await PostAsync(Activity("message", "conv-feedback", question))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = ReceivedFor("conv-feedback").Single(r => r.Body["type"]!.GetValue<string>() == "message");
        var invoke = Activity("invoke", "conv-feedback");
        invoke["name"] = "message/submitAction";
        invoke["replyToId"] = "not-the-reply-id";
        invoke["value"] = new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = "dislike", ["feedback"] = "{\"feedbackText\":\"missing a source\"}" },
        };
        using var response = await PostAsync(invoke);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var stored = (await _bot.Services.GetRequiredService<TeamsFeedbackStore>().ListAsync("teams:conv-feedback", Ct)).Single();
        stored.Reaction.ShouldBe("dislike");
        stored.Text.ShouldBe("missing a source");
        stored.Question.ShouldBe(question);
        stored.Answer.ShouldBe(reply.Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task BotAdded_GetsAWelcomeWithThreeSampleQuestions()
    {
        var update = Activity("conversationUpdate", "conv-welcome");
        update["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:user" }, new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId });
        (await PostAsync(update)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var welcome = ReceivedFor("conv-welcome").Single();
        welcome.Path.ShouldBe("/connector/v3/conversations/conv-welcome/activities");
        Regex.Count(welcome.Body["text"]!.GetValue<string>(), @"^- .+\?$", RegexOptions.Multiline).ShouldBe(3);

        var userOnly = Activity("conversationUpdate", "conv-welcome-user");
        userOnly["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:another" });
        (await PostAsync(userOnly)).StatusCode.ShouldBe(HttpStatusCode.OK);
        ReceivedFor("conv-welcome-user").ShouldBeEmpty();
    }

    [Fact]
    public async Task ConnectorThrottling_IsRetriedAfterRetryAfter()
    {
        _standIn.FailNextConnectorCalls(1);
        var started = DateTimeOffset.UtcNow;
        (await PostAsync(Activity("message", "conv-429", "   "))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = ReceivedFor("conv-429").Single();
        (reply.At - started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
    }
}
