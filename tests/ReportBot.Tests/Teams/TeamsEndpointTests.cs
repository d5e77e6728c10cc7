using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportBot.Core.Conversations;
using ReportBot.Server.Channels.Teams;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using ReportBot.Tests.Web;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>The Teams tests' own Qdrant.</summary>
[CollectionDefinition("teams")]
public sealed class TeamsCollection : ICollectionFixture<QdrantFixture>;

/// <summary>
/// <c>POST /api/messages</c> on the real host, real corpus and real Qdrant, with authentication on: tokens signed by the
/// test, metadata, token endpoint and connector served by a loopback stand-in that checks what it receives. The POST is
/// acknowledged before the bot answers, so replies are awaited where they arrive (<see cref="BotFrameworkStandIn.WaitForAsync"/>).
/// </summary>
[Collection("teams")]
public sealed class TeamsEndpointTests(QdrantFixture qdrant) : IAsyncLifetime
{
    private BotFrameworkStandIn _standIn = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private readonly LogCapture _logs = new();

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
        _bot.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
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

    /// <summary>
    /// A valid question in a conversation of its own, answered: sent after activities that must have no effect, so that
    /// "nothing was sent for them" is asserted only once the bot has demonstrably processed what came after them.
    /// </summary>
    private async Task SendControlMessageAndWaitForItsReplyAsync()
    {
        var conversation = "conv-control-" + Guid.NewGuid().ToString("N")[..8];
        (await PostAsync(Activity("message", conversation, "   "))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _standIn.WaitForAsync(conversation);
    }

    /// <summary>Waits until the worker is done with a reply in <paramref name="conversation"/> (what it stores after sending included).</summary>
    private async Task WaitUntilRepliedAsync(string conversation, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_logs.Messages.Count(m => m.Message == "Teams: replied to a message activity in " + conversation) < count)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the worker did not finish {count} repl(ies) in {conversation}");
            await Task.Delay(20, Ct);
        }
    }

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

        await _standIn.WaitForAsync("conv-answer");
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
    public async Task PersonalChat_WithoutAModel_ShowsTheInformativeUpdate_ThenTheAnswerClosesTheStream()
    {
        // No model, so no draft: the informative update shows progress, and the final message is the whole answer.
        const string question = "How many North Korean troops were sent to Russia?";
        var expected = await ChatAsync(question);
        (await PostAsync(Activity("message", "conv-informative", question))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = (await _standIn.WaitForAsync("conv-informative")).Single();
        var received = ReceivedFor("conv-informative");
        received.Count.ShouldBe(2);

        var informative = received[0];
        informative.Body["type"]!.GetValue<string>().ShouldBe("typing");
        informative.StreamInfo!["streamType"]!.GetValue<string>().ShouldBe("informative");
        informative.StreamInfo["streamSequence"]!.GetValue<int>().ShouldBe(1);
        informative.Body["text"]!.GetValue<string>().ShouldBe(TeamsReplyBuilder.SearchingText);
        received[1].ShouldBe(reply);
        reply.StreamInfo!["streamType"]!.GetValue<string>().ShouldBe("final");
        reply.StreamInfo["streamId"]!.GetValue<string>().ShouldBe(informative.ResponseId);
        reply.Body["text"]!.GetValue<string>().ShouldBe(expected.GetProperty("answer").GetString());
        reply.Body["entities"]!.AsArray().ShouldContain(e => e!["type"]!.GetValue<string>() == "https://schema.org/Message");
        _standIn.Refused.ShouldBeEmpty();
        _standIn.ProtocolErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task FollowUp_UsesTheConversationHistory_AndTheTokenIsCached()
    {
        const string first = "How many North Korean troops were sent to Russia?";
        const string second = "And how many of them were killed or wounded?";
        (await PostAsync(Activity("message", "conv-follow", first))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var firstAnswer = (await _standIn.WaitForAsync("conv-follow")).Single().Body["text"]!.GetValue<string>();
        (await PostAsync(Activity("message", "conv-follow", second))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var replies = await _standIn.WaitForAsync("conv-follow", count: 2);
        var expected = await ChatAsync(second, ("user", first), ("assistant", firstAnswer));
        replies.Count.ShouldBe(2);
        replies[1].Body["text"]!.GetValue<string>().ShouldBe(expected.GetProperty("answer").GetString());
        var history = await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:conv-follow", Ct);
        history.Count.ShouldBe(4);
        _standIn.TokenRequests.ShouldBe(1);
    }

    /// <summary>A forged token's header (its <c>alg</c>, with line breaks and ANSI escape codes) is logged escaped: one line, no terminal codes.</summary>
    [Fact]
    public async Task ForgedTokenHeaderValues_AreLoggedEscaped()
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var alg = "RS512\n2026-12-05 info: Teams: replied to a message activity in conv-forged\u001b[31m\u001b[2J";
        var token = B64(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["alg"] = alg, ["kid"] = "k", ["typ"] = "JWT" })) + "." + B64("""{"aud":"x"}""") + ".c2ln";
        var conversation = "conv-forged-" + Guid.NewGuid().ToString("N")[..8];
        (await PostAsync(Activity("message", conversation, "hello"), token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var line = _logs.Messages.Last(m => m.Message.Contains("refused an unauthenticated request", StringComparison.Ordinal)).Message;
        line.ShouldContain("algorithm RS512\\n2026-12-05 info: Teams: replied");
        line.ShouldContain("\\u001b[31m");
        line.ShouldNotContain("\n");
        line.ShouldNotContain("\u001b");
        _logs.Messages.ShouldAllBe(m => !m.Message.Contains('\u001b'));
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
        }

        // Replies come after the acknowledgement: only once a later valid message has been answered does "nothing" mean nothing.
        await SendControlMessageAndWaitForItsReplyAsync();
        foreach (var name in cases.Keys)
        {
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
        await SendControlMessageAndWaitForItsReplyAsync();
        ReceivedFor("conv-forged").ShouldBeEmpty();
        (await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:conv-forged", Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task MalformedJson_Gets400_AndUnknownTypesAreAcknowledged()
    {
        using (var bad = await PostAsync(Activity("message", "conv-bad"), rawBody: "{\"type\": \"message\", "))
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using (var wrongType = await PostAsync(Activity("message", "conv-bad"), rawBody: "[1,2]"))
            wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var noConversation = Activity("message", "conv-bad", "How many troops were sent?");
        noConversation.Remove("conversation");
        using (var missing = await PostAsync(noConversation))
            missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        foreach (var type in new[] { "typing", "messageReaction", "installationUpdate", "somethingNew" })
        {
            using var r = await PostAsync(Activity(type, "conv-ignored", "How many troops were sent?"));
            r.StatusCode.ShouldBe(HttpStatusCode.OK, type);
        }
        await SendControlMessageAndWaitForItsReplyAsync();
        ReceivedFor("conv-ignored").ShouldBeEmpty();
        ReceivedFor("conv-bad").ShouldBeEmpty();
    }

    [Fact]
    public async Task EmptyAndOversizedMessages_GetAShortPoliteReply()
    {
        (await PostAsync(Activity("message", "conv-empty", "   "))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PostAsync(Activity("message", "conv-long", new string('a', 2001)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var empty = (await _standIn.WaitForAsync("conv-empty")).Single().Body["text"]!.GetValue<string>();
        var tooLong = (await _standIn.WaitForAsync("conv-long")).Single().Body["text"]!.GetValue<string>();
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
        var reply = (await _standIn.WaitForAsync("conv-group")).Single();
        var history = await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:conv-group", Ct);
        history[0].Content.ShouldBe(question);
        reply.Body["text"]!.GetValue<string>().ShouldBe((await ChatAsync(question)).GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Feedback_IsAnswered200_AndStoredWithTheQuestionAndAnswer()
    {
        const string question = "How many North Korean troops were sent to Russia?";
        (await PostAsync(Activity("message", "conv-feedback", question))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = (await _standIn.WaitForAsync("conv-feedback")).Single();
        // Teams lets the user react only once the reply is shown; the bot notes what it answered right after sending it.
        await WaitUntilRepliedAsync("conv-feedback");
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
        var welcome = (await _standIn.WaitForAsync("conv-welcome")).Single();
        welcome.Path.ShouldBe("/connector/v3/conversations/conv-welcome/activities");
        Regex.Count(welcome.Body["text"]!.GetValue<string>(), @"^- .+\?$", RegexOptions.Multiline).ShouldBe(3);

        var userOnly = Activity("conversationUpdate", "conv-welcome-user");
        userOnly["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:another" });
        (await PostAsync(userOnly)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SendControlMessageAndWaitForItsReplyAsync();
        ReceivedFor("conv-welcome-user").ShouldBeEmpty();
    }

    [Fact]
    public async Task AFailingServiceHost_OpensOnlyItsOwnCircuit_AndAHealthyConversationIsStillAnswered()
    {
        // A second, authenticated service URL whose host refuses connections (nothing listens on the port).
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var deadHost = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}/connector";
        closed.Stop();
        for (var i = 1; i <= 3; i++)
            (await PostAsync(Activity("message", $"conv-dead-{i}", "How many troops were sent?", serviceUrl: deadHost))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await _standIn.WaitUntilAsync(() => _logs.Messages.Any(m => m.Message.StartsWith("Connector circuit opened", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), () => "the dead host's circuit to open");

        // The healthy conversation's host has its own circuit: its reply is delivered at once, not refused by the open one.
        (await PostAsync(Activity("message", "conv-healthy", "How many troops were sent?"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = (await _standIn.WaitForAsync("conv-healthy")).Single();
        reply.Body["text"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        _logs.Messages.Count(m => m.Message.StartsWith("Connector circuit opened", StringComparison.Ordinal)).ShouldBe(1, "only the dead host's circuit opened");
    }

    [Fact]
    public async Task ConnectorThrottling_IsRetriedAfterRetryAfter()
    {
        _standIn.FailNextConnectorCalls(1);
        var started = DateTimeOffset.UtcNow;
        (await PostAsync(Activity("message", "conv-429", "   "))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reply = (await _standIn.WaitForAsync("conv-429")).Single();
        var throttled = _standIn.Throttled.Single();
        throttled.Body["conversation"]!["id"]!.GetValue<string>().ShouldBe("conv-429");
        (reply.At - throttled.At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900), "Retry-After: 1 was honoured");
        (reply.At - started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
        ReceivedFor("conv-429").Count.ShouldBe(1);
    }

    [Fact]
    public async Task HangingConnector_DoesNotHoldTheAcknowledgement_AndAFullQueueGets503WithRetryAfter()
    {
        await using var host = _bot.WithOwnDataPath(b =>
        {
            b.UseSetting("ReportBot:Teams:Workers", "1");
            b.UseSetting("ReportBot:Teams:QueueCapacity", "1");
            b.UseSetting("ReportBot:Teams:TimeoutSeconds", "60");
        });
        using var client = host.CreateClient();
        async Task<HttpResponseMessage> Post(string conversation, string type = "message")
        {
            var activity = Activity(type, conversation, "   ");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _standIn.Sign(_standIn.ServiceUrl));
            return await client.SendAsync(request, Ct);
        }
        // A first, ignored activity: this host fetches the signing keys once, so the time measured below is the queue's.
        using (var warm = await Post("conv-hang-warm", "messageReaction"))
            warm.StatusCode.ShouldBe(HttpStatusCode.OK);

        _standIn.HoldConnectorCalls();
        try
        {
            var ack = System.Diagnostics.Stopwatch.StartNew();
            using (var first = await Post("conv-hang-1"))
                first.StatusCode.ShouldBe(HttpStatusCode.OK);
            ack.Stop();
            // The only worker is now stuck in the connector with the first reply ...
            await _standIn.WaitUntilAsync(() => _standIn.HeldCalls >= 1);
            using (var second = await Post("conv-hang-2"))
                second.StatusCode.ShouldBe(HttpStatusCode.OK);  // ... the second fills the queue ...
            using (var third = await Post("conv-hang-3"))       // ... and the third is refused, not lost silently.
            {
                third.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                third.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(TeamsChannel.BusyRetryAfterSeconds));
                (await third.Content.ReadAsStringAsync(Ct)).ShouldContain("The bot is busy");
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"acknowledged in {ack.Elapsed.TotalMilliseconds:F0} ms while the connector hangs");
            ack.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        }
        finally
        {
            _standIn.ReleaseConnectorCalls();
        }

        // The connector answers again: both accepted messages are answered, and the refused one when it comes again.
        await _standIn.WaitForAsync("conv-hang-1");
        await _standIn.WaitForAsync("conv-hang-2");
        ReceivedFor("conv-hang-3").ShouldBeEmpty();
        using (var again = await Post("conv-hang-3"))
            again.StatusCode.ShouldBe(HttpStatusCode.OK);
        await _standIn.WaitForAsync("conv-hang-3");
    }

    [Fact]
    public async Task Shutdown_AnswersWhatIsQueuedBeforeStopping()
    {
        var logs = new LogCapture();
        var host = _bot.WithOwnDataPath(b =>
        {
            b.UseSetting("ReportBot:Teams:Workers", "1");
            b.UseSetting("ReportBot:Teams:TimeoutSeconds", "60");
        });
        using var client = host.CreateClient();
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        async Task Post(string conversation)
        {
            var activity = Activity("message", conversation, "   ");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _standIn.Sign(_standIn.ServiceUrl));
            using var response = await client.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        Task stopped;
        _standIn.HoldConnectorCalls();
        try
        {
            await Post("conv-stop-1");
            await _standIn.WaitUntilAsync(() => _standIn.HeldCalls >= 1); // the worker is in the connector with the first reply
            await Post("conv-stop-2");                                      // the second waits in the queue
            stopped = host.DisposeAsync().AsTask();
            await _standIn.WaitUntilAsync(() => logs.Messages.Any(m => m.Message == "Teams: answering 1 queued activities before stopping"));
            stopped.IsCompleted.ShouldBeFalse("the host waits for the queued activity");
        }
        finally
        {
            _standIn.ReleaseConnectorCalls();
        }

        await stopped.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        (await _standIn.WaitForAsync("conv-stop-1", timeout: TimeSpan.Zero)).Count.ShouldBe(1);
        (await _standIn.WaitForAsync("conv-stop-2", timeout: TimeSpan.Zero)).Count.ShouldBe(1);
        logs.Messages.ShouldNotContain(m => m.Message.Contains("were not answered", StringComparison.Ordinal));
    }
}
