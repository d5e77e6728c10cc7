using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Slack;
using ReportBot.Tests.Support;
using ReportBot.Tests.Teams;
using ReportBot.Tests.Web;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// The Slack Web API and the Bot Framework connector (stand-ins) failing for good: the bot retries as
/// <c>Retry-After</c> says, then gives up with a log line; the acknowledgement path never waits for it (both channels
/// answer from a queue), and the bot answers again once the service is back. (Single throttled-then-successful calls are covered in
/// <c>SlackWebApiTests</c> and <c>TeamsEndpointTests.ConnectorThrottling_IsRetriedAfterRetryAfter</c>.)
/// </summary>
[Collection("reliability-hostile")]
public sealed class ChannelOutageTests(QdrantFixture qdrant)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SlackWebApiDown_RetriesHonourRetryAfter_ThenGivesUpWithALogLine_AndAcksStayImmediate()
    {
        await using var slack = await SlackStandIn.StartAsync();
        var logs = new LogCapture();
        await using var bot = new BotFactory(qdrant, TestPaths.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Slack:SigningSecret"] = SlackBotFixture.SigningSecret,
            ["ReportBot:Slack:BotToken"] = SlackStandIn.Token,
            ["ReportBot:Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["ReportBot:Slack:BotUserId"] = SlackBotFixture.BotUserId,
            ["ReportBot:Slack:RetryCount"] = "2",
        });
        await using var host = bot.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = await SlackBotFixture.ReadyAsync(host);

        // Every attempt of the first two replies is throttled (each 1 + 2 retries), each answered 429 with Retry-After: 1.
        for (var i = 0; i < 6; i++)
            slack.Script(async http => { http.Response.StatusCode = 429; http.Response.Headers.RetryAfter = "1"; await http.Response.WriteAsync("{\"ok\":false,\"error\":\"ratelimited\"}"); });
        var channel = "CDOWN" + SlackBotFixture.NextTs().Replace(".", "", StringComparison.Ordinal);
        var acks = new List<long>();
        foreach (var c in new[] { channel + "A", channel + "B" })
        {
            var ack = Stopwatch.StartNew();
            using var r = await client.SendAsync(SlackBotFixture.Signed("/api/slack/events", SlackBotFixture.Envelope(SlackBotFixture.Mention(c, SlackBotFixture.NextTs(), "How many North Korean troops were sent to Russia?"))), Ct);
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            acks.Add(ack.ElapsedMilliseconds);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (logs.Messages.Count(m => m.Message.Contains("chat.postMessage failed: HTTP 429", StringComparison.Ordinal)) < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(100, Ct);
        var giveUps = logs.Messages.Where(m => m.Message.Contains("chat.postMessage failed: HTTP 429", StringComparison.Ordinal)).ToList();
        giveUps.Count.ShouldBe(2, "each reply gives up with a log line");
        var gaps = new List<int>();
        TimeSpan retrying = TimeSpan.Zero;
        foreach (var c in new[] { channel + "A", channel + "B" })
        {
            var attempts = slack.Calls.Where(x => x.Body?["channel"]?.GetValue<string>() == c).OrderBy(x => x.At).ToList();
            // One call and two retries; the circuit breaker (which also counts the typing indicator's calls) may cut the last.
        attempts.Count.ShouldBeInRange(2, 3);
            for (var i = 1; i < attempts.Count; i++)
            {
                (attempts[i].At - attempts[i - 1].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), "Retry-After: 1 is honoured");
                gaps.Add((int)(attempts[i].At - attempts[i - 1].At).TotalMilliseconds);
            }
            retrying = attempts[^1].At - attempts[0].At;
        }
        // The acknowledgements did not wait for the 2+ s of retries.
        acks.ShouldAllBe(a => a < retrying.TotalMilliseconds);

        // Slack is back: the next question is answered.
        using (var r = await client.SendAsync(SlackBotFixture.Signed("/api/slack/events", SlackBotFixture.Envelope(SlackBotFixture.Mention(channel + "C", SlackBotFixture.NextTs(), "When did North Korean soldiers start arriving in Russia?"))), Ct))
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        await slack.WaitForAsync(c => c.Body?["channel"]?.GetValue<string>() == channel + "C");
        logs.Messages.ShouldNotContain(m => m.Message.Contains(SlackBotFixture.SigningSecret, StringComparison.Ordinal) || m.Message.Contains(SlackStandIn.Token, StringComparison.Ordinal), "no secret in the log");
        ReliabilityKit.Record("slack-web-api-down",
            $"replies-given-up=2 attempts-each=3 retry-gaps-ms={string.Join("/", gaps)} ack-ms={string.Join("/", acks)} give-up-log=\"{giveUps[0].Message}\" answered-after=yes");
    }

    [Fact]
    public async Task ConnectorDown_AcksStayImmediate_RetriesHonourRetryAfter_ThenGiveUpWithALogLine_AndDeliveryResumes()
    {
        await using var standIn = await BotFrameworkStandIn.StartAsync();
        var logs = new LogCapture();
        await using var bot = new BotFactory(qdrant, TestPaths.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Teams:AppId"] = BotFrameworkStandIn.AppId,
            ["ReportBot:Teams:ClientSecret"] = BotFrameworkStandIn.Secret,
            ["ReportBot:Teams:OpenIdMetadataUrl"] = standIn.MetadataUrl,
            ["ReportBot:Teams:TokenEndpoint"] = standIn.TokenEndpoint,
            ["ReportBot:Teams:RetryCount"] = "2",
        });
        await using var host = bot.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = await SlackBotFixture.ReadyAsync(host);
        static bool IsGiveUp(string message) => message.StartsWith("Teams: gave up delivering the reply", StringComparison.Ordinal);

        // Warm the answering path and the token validation (signing keys fetched once), so that the figures below are
        // the connector's and not a cold start's.
        using (var warm = await client.PostAsync("/api/chat", new StringContent("""{"question":"How many North Korean troops were sent to Russia?"}""", Encoding.UTF8, "application/json"), Ct))
            warm.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var warm = await PostAsync(client, standIn, "conv-warm", type: "messageReaction"))
            warm.StatusCode.ShouldBe(HttpStatusCode.OK);

        // Every connector call is throttled (429, Retry-After: 1); the activity is acknowledged without waiting for any of it.
        standIn.FailNextConnectorCalls(1000);
        var watch = Stopwatch.StartNew();
        using (var down = await PostAsync(client, standIn, "conv-down"))
            down.StatusCode.ShouldBe(HttpStatusCode.OK, "the activity is acknowledged at once; its reply is the worker's business");
        var ackMs = watch.Elapsed.TotalMilliseconds;
        ackMs.ShouldBeLessThan(1000, "the acknowledgement does not wait for the throttled connector");

        var giveUp = await WaitForLogAsync(logs, IsGiveUp);
        var giveUpAfter = watch.Elapsed;
        standIn.Received.ShouldNotContain(r => r.Body["conversation"]!["id"]!.GetValue<string>() == "conv-down");
        var attempts = standIn.Throttled.Where(r => r.Body["conversation"]!["id"]!.GetValue<string>() == "conv-down" && r.Body["type"]!.GetValue<string>() == "message").OrderBy(r => r.At).ToList();
        // One call and two retries; the circuit breaker (which also counts the typing indicator's calls) may cut the last.
        attempts.Count.ShouldBeInRange(2, 3);
        var gaps = attempts.Zip(attempts.Skip(1), (x, y) => (int)(y.At - x.At).TotalMilliseconds).ToList();
        gaps.ShouldAllBe(g => g >= 900, "Retry-After: 1 is honoured between attempts");
        giveUpAfter.ShouldBeGreaterThan(TimeSpan.FromSeconds(0.9 * gaps.Count), "the worker gave up only after waiting out every Retry-After");
        ackMs.ShouldBeLessThan((attempts[^1].At - attempts[0].At).TotalMilliseconds, "the acknowledgement came long before the retries were over");

        // The connector comes back: the bot delivers again by itself (once the circuit's break is over).
        standIn.FailNextConnectorCalls(0);
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var delivered = false;
        var tries = 0;
        var backAcks = new List<double>();
        while (!delivered && DateTime.UtcNow < deadline)
        {
            tries++;
            var conversation = "conv-back-" + tries;
            var giveUps = logs.Messages.Count(m => IsGiveUp(m.Message));
            var ack = Stopwatch.StartNew();
            using (var r = await PostAsync(client, standIn, conversation))
                r.StatusCode.ShouldBe(HttpStatusCode.OK);
            backAcks.Add(ack.Elapsed.TotalMilliseconds);
            // Either the reply arrives, or the worker gives up on it (circuit still open) and says so.
            await standIn.WaitUntilAsync(() => standIn.Received.Any(a => a.Body["conversation"]!["id"]!.GetValue<string>() == conversation && a.Body["type"]!.GetValue<string>() == "message")
                                               || logs.Messages.Count(m => IsGiveUp(m.Message)) > giveUps, TimeSpan.FromSeconds(15));
            delivered = standIn.Received.Any(a => a.Body["conversation"]!["id"]!.GetValue<string>() == conversation && a.Body["type"]!.GetValue<string>() == "message");
            if (!delivered) await Task.Delay(1000, Ct); // ask again in a second, as a user would
        }
        delivered.ShouldBeTrue("replies are delivered again once the connector is back");
        backAcks.ShouldAllBe(a => a < 1000);
        logs.Messages.ShouldNotContain(m => m.Message.Contains(BotFrameworkStandIn.Secret, StringComparison.Ordinal) || m.Message.Contains("issued-", StringComparison.Ordinal), "neither the client secret nor a token in the log");
        ReliabilityKit.Record("teams-connector-down",
            $"ack-ms={ackMs:F0} attempts={attempts.Count} retry-gaps-ms={string.Join("/", gaps)} gave-up-after-ms={giveUpAfter.TotalMilliseconds:F0} give-up-log=\"{giveUp}\" " +
            $"recovered-after-tries={tries} ack-ms-while-recovering-max={backAcks.Max():F0}");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, BotFrameworkStandIn standIn, string conversation, string type = "message")
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "msteams",
            ["serviceUrl"] = standIn.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "A User" },
            ["recipient"] = new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId, ["name"] = "ReportBot" },
            ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = "t" },
            ["text"] = "How many North Korean troops were sent to Russia?",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", standIn.Sign(standIn.ServiceUrl));
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string> WaitForLogAsync(LogCapture logs, Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var hit = logs.Messages.FirstOrDefault(m => match(m.Message));
            if (hit.Message is not null) return hit.Message;
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException("No matching log line. Lines:\n" + string.Join('\n', logs.Messages.TakeLast(30).Select(m => m.Message)));
    }
}
