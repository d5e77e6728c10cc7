using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Slack;
using ReportBot.Tests.Support;
using ReportBot.Tests.Teams;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// The bot SIGKILLed after it acknowledged a chat request and before it replied (the channel's service hangs, so the
/// reply is in flight at the kill), then restarted with the service healthy: the reply arrives, exactly once. The real
/// server process, real Qdrant, the Bot Framework and Slack stand-ins on loopback, real HTTP; the queue is
/// <c>{DataPath}/queue.db</c>.
/// </summary>
[Collection("reliability")]
public sealed class QueueCrashRecoveryTests(QdrantFixture qdrant)
{
    private const string Question = "How many North Korean troops were sent to Russia?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TeamsActivity_AcknowledgedThenBotKilled_IsAnsweredOnceAfterTheRestart()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        var data = TestPaths.NewTempFolder("sigkill-teams-queue");
        var env = Environment(data, "tq");
        env["ReportBot__Teams__AppId"] = BotFrameworkStandIn.AppId;
        env["ReportBot__Teams__ClientSecret"] = BotFrameworkStandIn.Secret;
        env["ReportBot__Teams__OpenIdMetadataUrl"] = standIn.MetadataUrl;
        env["ReportBot__Teams__TokenEndpoint"] = standIn.TokenEndpoint;
        env["ReportBot__Teams__TimeoutSeconds"] = "120"; // a hanging connector holds the worker, not a timeout
        await using var server = new ServerProcess(env);
        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);

        // A first, ignored activity: the signing keys are fetched once, so the time measured below is the queue's.
        using (var warm = await PostActivityAsync(server, standIn, "conv-warm", "act-warm", type: "messageReaction"))
            warm.StatusCode.ShouldBe(HttpStatusCode.OK);

        // The connector hangs: the activity is acknowledged, its worker gets stuck delivering.
        standIn.HoldConnectorCalls();
        var conversation = "conv-sigkill-" + Guid.NewGuid().ToString("N")[..8];
        var activityId = "act-" + Guid.NewGuid().ToString("N")[..8];
        var ack = Stopwatch.StartNew();
        using (var response = await PostActivityAsync(server, standIn, conversation, activityId))
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ack.Stop();
        await standIn.WaitUntilAsync(() => standIn.HeldCalls >= 1, TimeSpan.FromSeconds(30), () => "the worker calling the connector");
        (await QueuedAsync(data)).ShouldBe(1, "acknowledged and in hand, so still in the queue");

        await server.KillAsync();
        standIn.ReleaseConnectorCalls();
        await Task.Delay(500, Ct);
        Replies(standIn, conversation).ShouldBeEmpty("the killed process delivered nothing");

        var restarted = Stopwatch.StartNew();
        server.Start();
        var reply = (await standIn.WaitForAsync(conversation, timeout: TimeSpan.FromSeconds(120))).Single();
        var answeredAfter = restarted.Elapsed;
        reply.Path.ShouldEndWith($"/v3/conversations/{conversation}/activities/{activityId}", Case.Sensitive, "a reply to that very activity");
        reply.Body["text"]!.GetValue<string>().ShouldContain("[1]", Case.Sensitive, "a real answer with citations, not a notice");
        await WaitForOutputAsync(server, "Teams: replied to a message activity in " + conversation);
        (await QueuedAfterDeletesAsync(data)).ShouldBe(0, "done, so removed: it can never be sent again");
        server.Output.ShouldContain(l => l.Contains("Queue teams: 1 items left from before the start will be answered", StringComparison.Ordinal));
        Replies(standIn, conversation).Count.ShouldBe(1, "answered exactly once");

        ReliabilityKit.Record("teams-bot-sigkill-after-ack",
            $"ack-ms={ack.ElapsedMilliseconds} replies-before-kill=0 replies-after-restart=1 answered-after-restart-ms={answeredAfter.TotalMilliseconds:F0} queue-after=0");
        await server.KillAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task SlackQuestions_AcknowledgedThenBotKilled_AreAnsweredOnceAfterTheRestart()
    {
        await using var slack = await SlackStandIn.StartAsync();
        var data = TestPaths.NewTempFolder("sigkill-slack-queue");
        var env = Environment(data, "sq");
        env["ReportBot__Slack__SigningSecret"] = SlackBotFixture.SigningSecret;
        env["ReportBot__Slack__BotToken"] = SlackStandIn.Token;
        env["ReportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.ToString();
        env["ReportBot__Slack__ResponseUrlPrefixes__0"] = new Uri(slack.ApiBaseUrl, "/commands/").ToString();
        env["ReportBot__Slack__BotUserId"] = SlackBotFixture.BotUserId;
        env["ReportBot__Slack__TimeoutSeconds"] = "120"; // a hanging Slack holds the workers, not a timeout
        await using var server = new ServerProcess(env);
        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);

        // Slack's API hangs: both questions (a mention and a slash command) are acknowledged, both workers get stuck posting.
        slack.HoldCalls();
        var channel = "CKILL" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var ts = SlackBotFixture.NextTs();
        var responseUrl = slack.ResponseUrl("kill-" + Guid.NewGuid().ToString("N")[..8]);
        var acks = new List<long>();
        var ack = Stopwatch.StartNew();
        using (var request = SlackBotFixture.Signed("api/slack/events", SlackBotFixture.Envelope(SlackBotFixture.Mention(channel, ts, Question))))
        using (var response = await server.Http.SendAsync(request, Ct))
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        acks.Add(ack.ElapsedMilliseconds);
        var form = $"command=%2Freportbot&text={Uri.EscapeDataString(Question)}&team_id={SlackBotFixture.Team}&channel_id={channel}&trigger_id=kill{ts.Replace(".", "", StringComparison.Ordinal)}&response_url={Uri.EscapeDataString(responseUrl.ToString())}";
        ack.Restart();
        using (var request = SlackBotFixture.Signed("api/slack/commands", form, "application/x-www-form-urlencoded"))
        using (var response = await server.Http.SendAsync(request, Ct))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("Looking through the reports");
        }
        acks.Add(ack.ElapsedMilliseconds);
        await WaitUntilAsync(() => slack.HeldCalls >= 2, "both workers posting");
        (await QueuedAsync(data)).ShouldBe(2);

        await server.KillAsync();
        slack.ReleaseCalls();
        await Task.Delay(500, Ct);
        slack.Calls.ShouldBeEmpty("the killed process delivered nothing");

        var restarted = Stopwatch.StartNew();
        server.Start();
        var inThread = await slack.WaitForAsync(c => c.Path == "/api/chat.postMessage" && c.Body?["channel"]?.GetValue<string>() == channel, TimeSpan.FromSeconds(120));
        var toResponseUrl = await slack.WaitForAsync(c => c.Path == responseUrl.AbsolutePath, TimeSpan.FromSeconds(120));
        var answeredAfter = restarted.Elapsed;
        inThread.Body!["thread_ts"]!.GetValue<string>().ShouldBe(ts, "in the question's thread");
        CitesSources(inThread).ShouldBeTrue("a real answer with its sources, not a notice");
        toResponseUrl.Body!["response_type"]!.GetValue<string>().ShouldBe("in_channel", "an answer (notices are ephemeral)");
        CitesSources(toResponseUrl).ShouldBeTrue();
        await WaitUntilAsync(() => server.Output.Count(l => l.Contains("Answered a Slack question in " + channel, StringComparison.Ordinal)) >= 2, "both answered");
        (await QueuedAfterDeletesAsync(data)).ShouldBe(0);
        slack.Calls.Count.ShouldBe(2, "each answered exactly once");
        server.Output.ShouldContain(l => l.Contains("Queue slack: 2 items left from before the start will be answered", StringComparison.Ordinal));
        server.Output.ShouldNotContain(l => l.Contains(responseUrl.AbsolutePath, StringComparison.Ordinal), "the response_url (a capability) is never logged");

        ReliabilityKit.Record("slack-bot-sigkill-after-ack",
            $"ack-ms={string.Join("/", acks)} replies-before-kill=0 replies-after-restart=2 (thread + response_url) answered-after-restart-ms={answeredAfter.TotalMilliseconds:F0} queue-after=0 response-url-in-log=0");
        await server.KillAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string> Environment(string data, string prefix)
    {
        var env = ReliabilityKit.ServerEnvironment(qdrant, TestPaths.Corpus, data, prefix + "_" + Guid.NewGuid().ToString("N")[..8]);
        // A short lease, so the item the killed process held is taken again a few seconds after the restart.
        env["ReportBot__Queue__LeaseSeconds"] = "5";
        return env;
    }

    // Each cited source is a context block.
    private static bool CitesSources(SlackCall call) =>
        call.Body?["blocks"]?.AsArray().Any(b => b?["type"]?.GetValue<string>() == "context") == true;

    private static List<ReceivedActivity> Replies(BotFrameworkStandIn standIn, string conversation) =>
        standIn.Received.Where(r => r.Body["conversation"]?["id"]?.GetValue<string>() == conversation && r.Body["type"]?.GetValue<string>() == "message").ToList();

    private static async Task<HttpResponseMessage> PostActivityAsync(ServerProcess server, BotFrameworkStandIn standIn, string conversation, string activityId, string type = "message")
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = activityId,
            ["channelId"] = "msteams",
            ["serviceUrl"] = standIn.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "A User" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId, ["name"] = "ReportBot" },
            ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = "t" },
            ["locale"] = "en-GB",
            ["text"] = Question,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", standIn.Sign(standIn.ServiceUrl));
        return await server.Http.SendAsync(request, Ct);
    }

    /// <summary>Items in the queue file (read-only, beside the server).</summary>
    private static async Task<long> QueuedAsync(string data)
    {
        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "queue.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await c.OpenAsync(Ct);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM items";
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private static Task WaitForOutputAsync(ServerProcess server, string text) =>
        WaitUntilAsync(() => server.Output.Any(l => l.Contains(text, StringComparison.Ordinal)), text);

    /// <summary>Items left in the queue once it settles: an item is deleted just after its reply is sent (and logged), so allow up to 30 s for that.</summary>
    private static async Task<long> QueuedAfterDeletesAsync(string data)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long left;
        while ((left = await QueuedAsync(data)) > 0 && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);
        return left;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Waited in vain for: " + what);
            await Task.Delay(50, Ct);
        }
    }
}
