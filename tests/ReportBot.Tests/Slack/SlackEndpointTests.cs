using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReportBot.Core.Answering;
using ReportBot.Core.Conversations;
using ReportBot.Server.Channels.Slack;
using ReportBot.Tests.Qdrant;
using Shouldly;
using Xunit;
using static ReportBot.Tests.Slack.SlackBotFixture;

namespace ReportBot.Tests.Slack;

/// <summary>
/// <c>POST /api/slack/events</c> and <c>/api/slack/commands</c> on the real host over the real corpus and Qdrant; replies
/// are checked where they arrive: at the stand-in Slack Web API on loopback.
/// </summary>
[Collection("slack")]
public sealed class SlackEndpointTests(SlackBotFixture f) : IClassFixture<SlackBotFixture>
{
    private const string Events = "/api/slack/events";
    private const string Commands = "/api/slack/commands";
    private const string QuantityQuestion = "How many North Korean troops were sent to Russia?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool PostIn(SlackCall c, string channel, string threadTs) =>
        c.Path == "/api/chat.postMessage" && c.Body?["channel"]?.GetValue<string>() == channel && c.Body["thread_ts"]?.GetValue<string>() == threadTs;

    private static string AllText(SlackCall c) => c.RawBody;

    private static List<JsonObject> Blocks(SlackCall c) => c.Body!["blocks"]!.AsArray().Select(b => b!.AsObject()).ToList();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request) return await f.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task UrlVerification_Signed_EchoesTheChallenge()
    {
        using var response = await SendAsync(Signed(Events, """{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        doc.RootElement.GetProperty("challenge").GetString().ShouldBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    [Fact]
    public async Task AnyRequest_UnsignedTamperedOrStale_Is401AndNothingIsProcessed()
    {
        var channel = "C401" + NextTs().Replace(".", "", StringComparison.Ordinal);
        var ts = NextTs();
        var body = Envelope(Mention(channel, ts, QuantityQuestion));
        var before = f.Slack.Calls.Count;

        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, Events) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") })
            (await SendAsync(unsigned)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var tamperedBody = Signed(Events, body);
        tamperedBody.Content = new StringContent(body.Replace("How many", "How few", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        (await SendAsync(tamperedBody)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var tamperedSignature = Signed(Events, body);
        var sig = tamperedSignature.Headers.GetValues(SlackSignature.SignatureHeader).Single();
        tamperedSignature.Headers.Remove(SlackSignature.SignatureHeader);
        tamperedSignature.Headers.Add(SlackSignature.SignatureHeader, sig[..^1] + (sig[^1] == '0' ? '1' : '0'));
        (await SendAsync(tamperedSignature)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var tamperedTimestamp = Signed(Events, body);
        var stamp = long.Parse(tamperedTimestamp.Headers.GetValues(SlackSignature.TimestampHeader).Single());
        tamperedTimestamp.Headers.Remove(SlackSignature.TimestampHeader);
        tamperedTimestamp.Headers.Add(SlackSignature.TimestampHeader, (stamp + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await SendAsync(tamperedTimestamp)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Correctly signed, but six minutes old: a replay.
        (await SendAsync(Signed(Events, body, timestamp: DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds()))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(Signed(Events, body, secret: "another-apps-secret"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // Slack's documented example, exactly as published: another app's secret and a 2018 timestamp.
        var doc = new HttpRequestMessage(HttpMethod.Post, Commands) { Content = new StringContent(SlackSignatureTests.DocBody, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        doc.Headers.Add(SlackSignature.TimestampHeader, SlackSignatureTests.DocTimestamp);
        doc.Headers.Add(SlackSignature.SignatureHeader, SlackSignatureTests.DocSignature);
        using var docResponse = await SendAsync(doc);
        docResponse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await docResponse.Content.ReadAsStringAsync(Ct)).ShouldContain("Invalid Slack signature");

        // Nothing was processed: a valid copy of the same event is still answered (its event id was never claimed) ...
        (await SendAsync(Signed(Events, body))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => PostIn(c, channel, ts));
        // ... exactly once, and no other call reached Slack in between.
        f.Slack.Count(c => PostIn(c, channel, ts)).ShouldBe(1);
        f.Slack.Calls.Skip(before).Count(c => c.Body?["channel"]?.GetValue<string>() == channel).ShouldBe(1);
    }

    [Fact]
    public async Task AppMention_Signed_PostsOneAnswerInTheThreadWithBlocksSourcesAndDisagreement()
    {
        // What the answering service says for the same question (no history), to compare the Slack rendering with.
        using var api = await f.Client.PostAsJsonAsync("/api/chat", new { question = QuantityQuestion }, Ct);
        var expected = (await api.Content.ReadFromJsonAsync<AnswerResult>(new JsonSerializerOptions(JsonSerializerDefaults.Web), Ct))!;
        expected.Disagreements.ShouldNotBeEmpty();

        var channel = "CMENTION";
        var ts = NextTs();
        var sw = Stopwatch.StartNew();
        using (var response = await SendAsync(Signed(Events, Envelope(Mention(channel, ts, QuantityQuestion)))))
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = await f.Slack.WaitForAsync(c => PostIn(c, channel, ts));
        TestContext.Current.TestOutputHelper?.WriteLine($"mention → chat.postMessage in {sw.ElapsedMilliseconds} ms");
        // Without a chat model there is nothing to stream: one message, no streaming call.
        f.Slack.Calls.ShouldNotContain(c => c.Method != null && c.Method != "chat.postMessage");

        call.Authorization.ShouldBe("Bearer " + SlackStandIn.Token);
        var blocks = Blocks(call);
        blocks.Count.ShouldBeLessThanOrEqualTo(50);
        var lead = blocks[0]["text"]!["text"]!.GetValue<string>();
        lead.ShouldContain("[1]");
        lead.ShouldNotContain("**");
        call.Body!["text"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        var header = blocks.FindIndex(b => b["type"]!.GetValue<string>() == "header");
        header.ShouldBeGreaterThan(0);
        blocks[header]["text"]!["text"]!.GetValue<string>().ShouldContain("Sources disagree");
        var disagreementText = string.Join("\n", blocks.Skip(header + 1).TakeWhile(b => b["type"]!.GetValue<string>() == "section").Select(b => b["text"]!["text"]!.GetValue<string>()));
        foreach (var claim in expected.Disagreements.SelectMany(d => d.Claims))
        {
            disagreementText.ShouldContain(claim.Value);
            disagreementText.ShouldContain($"[{claim.N}]");
            if (claim.Published is { } date) disagreementText.ShouldContain(date);
        }

        var contexts = blocks.Where(b => b["type"]!.GetValue<string>() == "context").Select(b => b["elements"]!.AsArray()).ToList();
        contexts.Count.ShouldBe(expected.Citations.Count);
        foreach (var (c, elements) in expected.Citations.Zip(contexts))
        {
            elements[0]!["text"]!.GetValue<string>().ShouldBe($"*[{c.N}]*");
            elements[1]!["type"]!.GetValue<string>().ShouldBe("plain_text");
            var text = elements[1]!["text"]!.GetValue<string>();
            text.ShouldStartWith(c.Title[..Math.Min(40, c.Title.Length)]);
            if (c.Publisher is { } p) text.ShouldContain(p);
            text.ShouldContain(c.Quote[..Math.Min(40, c.Quote.Length)]);
        }

        // One answer only.
        await Task.Delay(300, Ct);
        f.Slack.Count(c => PostIn(c, channel, ts)).ShouldBe(1);
    }

    [Fact]
    public async Task RetryAndDuplicateEvent_AreAcknowledgedAndNeverAnsweredTwice()
    {
        var channel = "CRETRY";
        var ts = NextTs();
        var eventId = "EvRETRY" + ts.Replace(".", "", StringComparison.Ordinal);
        var body = Envelope(Mention(channel, ts, QuantityQuestion), eventId);
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        (await SendAsync(Signed(Events, body, timestamp: stamp))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => PostIn(c, channel, ts));

        // A retry with the identical signature (Slack normally signs retries afresh): acknowledged, deduplicated by event id.
        var retry = Signed(Events, body, timestamp: stamp);
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        (await SendAsync(retry)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The same event id delivered again, signed at another time.
        (await SendAsync(Signed(Events, body, timestamp: DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1))).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The identical signed request again, without Slack's retry header: a replay.
        using (var replay = await SendAsync(Signed(Events, body, timestamp: stamp)))
        {
            replay.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await replay.Content.ReadAsStringAsync(Ct)).ShouldContain("Replayed Slack request");
        }

        // A later question in the same channel is answered; by then the repeats would have been too.
        var later = NextTs();
        (await SendAsync(Signed(Events, Envelope(Mention(channel, later, QuantityQuestion))))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => PostIn(c, channel, later));
        await Task.Delay(300, Ct);
        f.Slack.Count(c => PostIn(c, channel, ts)).ShouldBe(1);
    }

    [Fact]
    public async Task DirectMessage_IsAnsweredInItsThread_AndAFollowUpUsesTheThreadHistory()
    {
        var channel = "D0DIRECT";
        var ts = NextTs();
        (await SendAsync(Signed(Events, Envelope(DirectMessage(channel, ts, QuantityQuestion))))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => PostIn(c, channel, ts));

        var followUp = DirectMessage(channel, NextTs(), "And how many of them were killed or wounded?");
        followUp["thread_ts"] = ts;
        (await SendAsync(Signed(Events, Envelope(followUp)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => PostIn(c, channel, ts) && f.Slack.Count(x => PostIn(x, channel, ts)) == 2);

        var store = f.Bot.Services.GetRequiredService<IConversationStore>();
        var history = await store.GetHistoryAsync($"slack:{Team}:{channel}:{ts}", Ct);
        history.Count.ShouldBe(4);
        history[0].Content.ShouldBe(QuantityQuestion);
        history[2].Content.ShouldBe("And how many of them were killed or wounded?");
    }

    [Fact]
    public async Task OwnMessagesOtherBotsEditsDeletionsJoinsAndChannelMessages_AreIgnored()
    {
        var channel = "D0IGNORE";
        var ignored = new List<(JsonObject Event, string Ts)>();
        JsonObject Dm(Action<JsonObject> change) { var ts = NextTs(); var e = DirectMessage(channel, ts, QuantityQuestion); change(e); ignored.Add((e, ts)); return e; }
        var events = new[]
        {
            Dm(e => e["user"] = BotUserId),                                   // the bot's own message
            Dm(e => e["bot_id"] = "B0OTHER"),                                 // another bot
            Dm(e => { e["subtype"] = "bot_message"; e.Remove("user"); }),
            Dm(e => e["subtype"] = "message_changed"),                        // an edit
            Dm(e => e["subtype"] = "message_deleted"),                        // a deletion
            Dm(e => e["subtype"] = "channel_join"),                           // a join
            Dm(e => e["channel_type"] = "channel"),                           // not a direct message, not a mention
            Dm(e => e["type"] = "reaction_added"),                            // an event type the bot does not answer
        };
        foreach (var e in events)
            (await SendAsync(Signed(Events, Envelope(e)))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var sentinel = NextTs();
        (await SendAsync(Signed(Events, Envelope(DirectMessage(channel, sentinel, QuantityQuestion))))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => PostIn(c, channel, sentinel));
        await Task.Delay(300, Ct);
        foreach (var (_, ts) in ignored)
            f.Slack.Count(c => PostIn(c, channel, ts)).ShouldBe(0);
    }

    /// <summary>A signed slash command whose response_url is not on Slack's hosts is refused, and nothing is posted there.</summary>
    [Fact]
    public async Task SlashCommand_WithAResponseUrlOffSlacksHosts_Is400_AndNothingIsPostedThere()
    {
        var id = "ssrf" + NextTs().Replace(".", "", StringComparison.Ordinal);
        // The stand-in itself, but outside the configured prefix (/commands/), and other hosts and schemes.
        string[] targets = [new Uri(f.Slack.ApiBaseUrl, $"/collections/snap{id}/snapshots").ToString(), $"http://127.0.0.1:1/commands/{id}",
            $"https://hooks.slack.com.evil.example/commands/{id}", $"https://user@hooks.slack.com/commands/{id}", $"file:///etc/passwd"];
        foreach (var target in targets)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["team_id"] = Team, ["channel_id"] = "C0CMD", ["user_id"] = "U0ASKER", ["command"] = "/reportbot",
                ["text"] = QuantityQuestion, ["response_url"] = target, ["trigger_id"] = id + target.Length,
            });
            using var response = await SendAsync(Signed(Commands, await form.ReadAsStringAsync(Ct), "application/x-www-form-urlencoded"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, target);
        }
        // A control command to a Slack URL (the stand-in's /commands/) is answered; none of the others was.
        var control = "ok" + id;
        var ok = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["team_id"] = Team, ["channel_id"] = "C0CMD", ["user_id"] = "U0ASKER", ["command"] = "/reportbot",
            ["text"] = QuantityQuestion, ["response_url"] = f.Slack.ResponseUrl(control).ToString(), ["trigger_id"] = control,
        });
        (await SendAsync(Signed(Commands, await ok.ReadAsStringAsync(Ct), "application/x-www-form-urlencoded"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => c.Path == $"/commands/{control}");
        f.Slack.Count(c => c.Path.Contains(id, StringComparison.Ordinal) && c.Path != $"/commands/{control}").ShouldBe(0);
    }

    [Fact]
    public async Task SlashCommand_AcknowledgesAtOnceAndPostsTheAnswerToItsResponseUrl()
    {
        var id = "cmd" + NextTs().Replace(".", "", StringComparison.Ordinal);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = "legacy", ["team_id"] = Team, ["channel_id"] = "C0CMD", ["user_id"] = "U0ASKER", ["command"] = "/reportbot",
            ["text"] = QuantityQuestion, ["response_url"] = f.Slack.ResponseUrl(id).ToString(), ["trigger_id"] = id,
        });
        var body = await form.ReadAsStringAsync(Ct);
        using var response = await SendAsync(Signed(Commands, body, "application/x-www-form-urlencoded"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)))
        {
            ack.RootElement.GetProperty("text").GetString().ShouldBe(SlackApi.LookingText);
            ack.RootElement.GetProperty("response_type").GetString().ShouldBe("ephemeral");
        }
        var call = await f.Slack.WaitForAsync(c => c.Path == $"/commands/{id}");
        call.Authorization.ShouldBeNull();
        call.Body!["response_type"]!.GetValue<string>().ShouldBe("in_channel");
        Blocks(call).ShouldContain(b => b["type"]!.GetValue<string>() == "context");
        AllText(call).ShouldContain("Sources disagree");

        // The events URL takes slash commands too; a different command name is declined politely, not answered.
        using var other = await SendAsync(Signed(Events, body.Replace("%2Freportbot", "%2Fsomething-else", StringComparison.Ordinal), "application/x-www-form-urlencoded"));
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.Content.ReadAsStringAsync(Ct)).ShouldContain("I only answer /reportbot");
    }

    [Fact]
    public async Task SlashCommand_ReplayedWithItsSignature_Is401AndNotAnsweredAgain()
    {
        string Form(string id) => string.Join("&", new Dictionary<string, string>
        {
            ["token"] = "legacy", ["team_id"] = Team, ["channel_id"] = "C0REPLAY", ["user_id"] = "U0ASKER", ["command"] = "/reportbot",
            ["text"] = QuantityQuestion, ["response_url"] = f.Slack.ResponseUrl(id).ToString(), ["trigger_id"] = id,
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        var id = "replay" + NextTs().Replace(".", "", StringComparison.Ordinal);
        var body = Form(id);
        var stamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using (var first = await SendAsync(Signed(Commands, body, "application/x-www-form-urlencoded", timestamp: stamp)))
        {
            first.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await first.Content.ReadAsStringAsync(Ct)).ShouldContain(SlackApi.LookingText);
        }
        await f.Slack.WaitForAsync(c => c.Path == $"/commands/{id}");

        // Captured and sent again within the signature window, on either URL, even dressed as a Slack retry.
        foreach (var (path, retryHeader) in new[] { (Commands, false), (Events, false), (Commands, true) })
        {
            var replay = Signed(path, body, "application/x-www-form-urlencoded", timestamp: stamp);
            if (retryHeader) replay.Headers.Add("X-Slack-Retry-Num", "1");
            using var response = await SendAsync(replay);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{path} retry-header={retryHeader}");
            var problem = await response.Content.ReadAsStringAsync(Ct);
            problem.ShouldContain("Replayed Slack request");
            problem.ShouldNotContain(SigningSecret);
        }

        // Nothing was processed: a later command is answered, and by then a replayed one would have been too.
        var control = "replayctl" + NextTs().Replace(".", "", StringComparison.Ordinal);
        (await SendAsync(Signed(Commands, Form(control), "application/x-www-form-urlencoded"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await f.Slack.WaitForAsync(c => c.Path == $"/commands/{control}");
        f.Slack.Count(c => c.Path == $"/commands/{id}").ShouldBe(1);
    }

    [Fact]
    public async Task MalformedBodiesAndUnknownTypes_GetTheRightStatusAndTheBotKeepsWorking()
    {
        async Task<HttpStatusCode> Status(string body, string type = "application/json", string path = Events)
        {
            using var r = await SendAsync(Signed(path, body, type));
            return r.StatusCode;
        }
        (await Status("{not json")).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("[1,2]")).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("{}")).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("""{"type":"url_verification"}""")).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("""{"type":"event_callback","event_id":"EvNOEVENT"}""")).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("""{"type":"event_callback","event_id":"EvBADEVENT","event":"text"}""")).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("""{"type":"event_callback","event_id":"EvNOFIELDS","event":{}}""")).ShouldBe(HttpStatusCode.OK);
        (await Status("""{"type":"event_callback","event_id":"EvWRONGTYPES","event":{"type":"app_mention","user":7,"text":["x"],"ts":1,"channel":null}}""")).ShouldBe(HttpStatusCode.OK);
        (await Status("""{"type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820}""")).ShouldBe(HttpStatusCode.OK);
        (await Status("""{"type":"some_future_type"}""")).ShouldBe(HttpStatusCode.OK);
        (await Status("hello", "text/plain")).ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await Status("a=1&b=2", "application/x-www-form-urlencoded", Commands)).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("command=%2Freportbot&text=hello", "application/x-www-form-urlencoded", Commands)).ShouldBe(HttpStatusCode.BadRequest);
        (await Status("command=%2Freportbot&text=hello&response_url=not-a-url", "application/x-www-form-urlencoded", Commands)).ShouldBe(HttpStatusCode.BadRequest);

        using var health = await f.Client.GetAsync("/health/ready", Ct);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var verify = await SendAsync(Signed(Events, """{"type":"url_verification","challenge":"still-alive"}"""));
        (await verify.Content.ReadAsStringAsync(Ct)).ShouldContain("still-alive");
    }

    [Fact]
    public async Task Acknowledgement_ComesBackBeforeTheAnswerIsComputed()
    {
        var gate = new GatedAnswerer();
        await using var blocked = f.Bot.WithOwnDataPath(b => b.ConfigureTestServices(s => s.AddSingleton<ISlackAnswerer>(gate)));
        using var client = await ReadyAsync(blocked);
        var channel = "CBLOCKED";
        var ts = NextTs();
        var request = Signed(Events, Envelope(Mention(channel, ts, "What do the reports say?")));

        var sw = Stopwatch.StartNew();
        using (var response = await client.SendAsync(request, Ct))
        {
            sw.Stop();
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"acknowledged in {sw.Elapsed.TotalMilliseconds:F1} ms while the answerer blocks");
        sw.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1)); // Slack's limit is 3 s
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        gate.Answered.ShouldBe(0);
        f.Slack.Count(c => PostIn(c, channel, ts)).ShouldBe(0);

        gate.Release.SetResult();
        var call = await f.Slack.WaitForAsync(c => PostIn(c, channel, ts));
        AllText(call).ShouldContain("Gated answer to: What do the reports say?");
        request.Dispose();
    }

    [Fact]
    public async Task FullQueue_RepliesThatTheBotIsBusy()
    {
        var gate = new GatedAnswerer();
        await using var blocked = f.Bot.WithOwnDataPath(b =>
        {
            b.UseSetting("ReportBot:Slack:Workers", "1");
            b.UseSetting("ReportBot:Slack:QueueCapacity", "1");
            b.ConfigureTestServices(s => s.AddSingleton<ISlackAnswerer>(gate));
        });
        using var client = await ReadyAsync(blocked);
        var channel = "CBUSY";
        var (first, second, third) = (NextTs(), NextTs(), NextTs());
        async Task Ask(string ts)
        {
            using var request = Signed(Events, Envelope(Mention(channel, ts, "Question " + ts)));
            using var response = await client.SendAsync(request, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        await Ask(first);
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct); // the only worker is busy with the first
        await Ask(second);                                                 // fills the queue
        await Ask(third);                                                  // no room
        var busy = await f.Slack.WaitForAsync(c => PostIn(c, channel, third));
        AllText(busy).ShouldContain("busy");

        var form = $"command=%2Freportbot&text=anything&team_id={Team}&channel_id={channel}&trigger_id=busy{first.Replace(".", "", StringComparison.Ordinal)}&response_url={Uri.EscapeDataString(f.Slack.ResponseUrl("busy").ToString())}";
        using (var request = Signed(Commands, form, "application/x-www-form-urlencoded"))
        using (var response = await client.SendAsync(request, Ct))
            (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("busy");

        gate.Release.SetResult();
        await f.Slack.WaitForAsync(c => PostIn(c, channel, first));
        await f.Slack.WaitForAsync(c => PostIn(c, channel, second));
        f.Slack.Count(c => PostIn(c, channel, third)).ShouldBe(1);
    }

    [Fact]
    public async Task Shutdown_LeavesWhatIsNotAnsweredOnDisk_AndTheNextStartAnswersIt()
    {
        var gate = new GatedAnswerer(); // never released: the answering outlasts the shutdown timeout
        var logs = new ReportBot.Tests.Web.LogCapture();
        var data = f.Bot.NewDataPath();
        var stopping = f.Bot.WithDataPath(data, b =>
        {
            b.UseSetting("ReportBot:Slack:Workers", "1");
            b.ConfigureLogging(l => l.AddProvider(logs));
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<ISlackAnswerer>(gate);
                s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
            });
        });
        var channel = "CSTOP";
        var (first, second) = (NextTs(), NextTs());
        using (var client = await ReadyAsync(stopping))
        {
            foreach (var ts in new[] { first, second })
            {
                using var request = Signed(Events, Envelope(Mention(channel, ts, QuantityQuestion)));
                using var response = await client.SendAsync(request, Ct);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                if (ts == first) await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct); // the only worker holds the first
            }
        }
        var stop = Stopwatch.StartNew();
        await stopping.DisposeAsync();
        stop.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.9), "the stop gave the worker the shutdown timeout (1 s) ...");
        stop.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "... and no more: it does not wait for the answer");
        logs.Messages.ShouldContain(m => m.Message == "Slack: answering 1 queued questions before stopping");
        logs.Messages.ShouldContain(m => m.Message == "Slack: 2 queued questions were not answered before stopping; they stay on disk and are answered after the restart");
        f.Slack.Count(c => PostIn(c, channel, first) || PostIn(c, channel, second)).ShouldBe(0);
        // Both stay on disk, the one in hand put back (claimable at once, its interrupted attempt not counted).
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "queue.db")};Mode=ReadOnly;Pooling=False"))
        {
            await db.OpenAsync(Ct);
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT COUNT(*), SUM(lease_until), SUM(attempts) FROM items WHERE queue = 'slack'";
            await using var r = await cmd.ExecuteReaderAsync(Ct);
            (await r.ReadAsync(Ct)).ShouldBeTrue();
            (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)).ShouldBe((2L, 0L, 0L));
        }

        // The next start on the same data folder answers both, once each.
        await using var restarted = f.Bot.WithDataPath(data, _ => { });
        using var again = await ReadyAsync(restarted);
        var answers = new[] { await f.Slack.WaitForAsync(c => PostIn(c, channel, first)), await f.Slack.WaitForAsync(c => PostIn(c, channel, second)) };
        answers.ShouldAllBe(a => Blocks(a).Any(b => b["type"]!.GetValue<string>() == "context"), "real answers, with their sources");
        f.Slack.Count(c => PostIn(c, channel, first)).ShouldBe(1);
        f.Slack.Count(c => PostIn(c, channel, second)).ShouldBe(1);
    }

    /// <summary>
    /// After the signature, each Slack workspace has a budget of its own (Slack sends every workspace's requests from the
    /// same pool of addresses, so the per-address limit cannot tell them apart): a workspace past its budget gets 429 with
    /// Retry-After, another workspace is still served.
    /// </summary>
    [Fact]
    public async Task SignedRequests_AreRateLimitedPerWorkspace()
    {
        await using var limited = f.Bot.WithOwnDataPath(b => b.UseSetting("ReportBot:Web:ConversationRateLimitPermits", "2").UseSetting("ReportBot:Web:RateLimitWindowSeconds", "300"));
        using var client = limited.CreateClient();
        async Task<HttpResponseMessage> Verify(string team)
        {
            using var request = Signed(Events, $$"""{"token":"t","team_id":"{{team}}","challenge":"c{{NextTs()}}","type":"url_verification"}""");
            return await client.SendAsync(request, Ct);
        }
        (await Verify("T-BUSY")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Verify("T-BUSY")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var third = await Verify("T-BUSY");
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.ShouldNotBeNull();
        (await Verify("T-OTHER")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>A signed event whose workspace id holds invalid UTF-8 (the rate limit reads it first) is refused with 400, never a 500.</summary>
    [Fact]
    public async Task SignedEvent_WithInvalidUtf8InItsWorkspaceId_Is400()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(Envelope(Mention("CUTF8", NextTs(), QuantityQuestion)).Replace("\"team_id\":\"", "\"team_id\":\"\u0001", StringComparison.Ordinal));
        var at = Array.IndexOf(body, (byte)1);
        body[at] = 0xFF;
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Events) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(SlackSignature.TimestampHeader, ts);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Compute(SlackBotFixture.SigningSecret, ts, body));
        using var response = await SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WithoutSigningSecret_Is503AndAcceptsNothing()
    {
        await using var unconfigured = f.Bot.WithOwnDataPath(b => b.UseSetting("ReportBot:Slack:SigningSecret", ""));
        using var client = unconfigured.CreateClient();
        using var request = Signed(Events, """{"type":"url_verification","challenge":"x"}""");
        using var response = await client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Slack is not configured");
    }

    /// <summary>An answering step that waits until the test releases it.</summary>
    private sealed class GatedAnswerer : ISlackAnswerer
    {
        private int _answered;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Answered => _answered;

        public async Task<AnswerResult> AnswerAsync(string conversationId, string question, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            Interlocked.Increment(ref _answered);
            return new AnswerResult($"Gated answer to: {question}", true, [], [], question, []);
        }
    }
}
