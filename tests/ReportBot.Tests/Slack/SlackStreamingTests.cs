using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Server.Channels.Slack;
using ReportBot.Tests.Generative;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;
using static ReportBot.Tests.Slack.SlackBotFixture;

namespace ReportBot.Tests.Slack;

/// <summary>The bot configured for Slack with a chat model that writes slowly (the model stand-in streams in small chunks).</summary>
public sealed class SlackStreamingFixture(QdrantFixture qdrant) : IAsyncLifetime
{
    /// <summary>Least time between two streaming calls, as the bot is configured here.</summary>
    public const int IntervalMilliseconds = 300;

    public SlackStandIn Slack { get; private set; } = null!;

    public ModelStandIn Model { get; private set; } = null!;

    public BotFactory Bot { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Slack = await SlackStandIn.StartAsync();
        Slack.MinAppendInterval = TimeSpan.FromMilliseconds(IntervalMilliseconds - 50);
        Model = await ModelStandIn.StartAsync();
        Model.Default = ModelStandIn.Reply(Teams.TeamsStreamingFixture.Reply, chunkDelay: TimeSpan.FromMilliseconds(50), chunkChars: 8);
        var settings = GenerativeAnswerTests.Settings(Model);
        settings["ReportBot:Slack:SigningSecret"] = SigningSecret;
        settings["ReportBot:Slack:BotToken"] = SlackStandIn.Token;
        settings["ReportBot:Slack:ApiBaseUrl"] = Slack.ApiBaseUrl.ToString();
        settings["ReportBot:Slack:ResponseUrlPrefixes:0"] = new Uri(Slack.ApiBaseUrl, "/commands/").ToString();
        settings["ReportBot:Slack:BotUserId"] = BotUserId;
        settings["ReportBot:Slack:RetryCount"] = "1";
        settings["ReportBot:Slack:StreamIntervalMilliseconds"] = IntervalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Bot = new BotFactory(qdrant, GenerativeAnswerTests.Corpus, settings);
        Client = await Bot.ReadyClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Model.DisposeAsync();
        await Slack.DisposeAsync();
    }
}

/// <summary>
/// Streamed answers in Slack: a mention or a direct message is streamed into its thread (<c>chat.startStream</c>,
/// throttled <c>chat.appendStream</c>, <c>chat.stopStream</c>) and the message then replaced by the checked answer in
/// Block Kit (<c>chat.update</c>), identical to an unstreamed reply; a refused stream or replacement still delivers the
/// answer; a 429 on an append delays the draft without losing text; a slash command stays one message.
/// </summary>
[Collection("slack")]
public sealed class SlackStreamingTests(SlackStreamingFixture f) : IClassFixture<SlackStreamingFixture>
{
    private const string Events = "/api/slack/events";
    private const string Question = "How many fishing boats did the storm destroy?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewChannel(char kind) => kind + "STREAM" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private async Task AskAsync(JsonObject ev)
    {
        using var request = Signed(Events, Envelope(ev));
        using var response = await f.Client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private List<SlackCall> CallsIn(string channel) => f.Slack.Calls.Where(c => c.Channel == channel).ToList();

    /// <summary>The same question through /api/chat (no history), rendered as an unstreamed Slack reply would be.</summary>
    private async Task<(AnswerResult Answer, SlackMessage Message)> ExpectedAsync()
    {
        using var api = await f.Client.PostAsJsonAsync("/api/chat", new { question = Question }, Ct);
        api.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = (await api.Content.ReadFromJsonAsync<AnswerResult>(new JsonSerializerOptions(JsonSerializerDefaults.Web), Ct))!;
        answer.Mode.ShouldBe(AnswerModes.Generative);
        answer.Disagreements.ShouldNotBeEmpty();
        return (answer, SlackMessageBuilder.FromAnswer(answer));
    }

    private static void ShouldBeTheMessage(SlackCall call, SlackMessage expected)
    {
        call.Body!["text"]!.GetValue<string>().ShouldBe(expected.Text);
        JsonNode.DeepEquals(call.Body["blocks"], expected.Blocks).ShouldBeTrue("the final message is exactly the unstreamed reply");
    }

    /// <summary>
    /// Checks a streamed reply in <paramref name="channel"/>: one stream, appended in order and throttled, stopped, then
    /// replaced. The first <paramref name="refusedAppends"/> appends were refused by the test (their text is not shown).
    /// </summary>
    private async Task<List<SlackCall>> ShouldBeStreamedAsync(string channel, string threadTs, int refusedAppends = 0)
    {
        var update = await f.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Channel == channel);
        var (answer, expected) = await ExpectedAsync();
        var calls = CallsIn(channel);
        var ts = f.Slack.StreamsIn(channel).ShouldHaveSingleItem();

        var start = calls[0];
        start.Method.ShouldBe("chat.startStream");
        start.Body!["thread_ts"]!.GetValue<string>().ShouldBe(threadTs);
        var appends = calls.Where(c => c.Method == "chat.appendStream").ToList();
        appends.Count.ShouldBeGreaterThanOrEqualTo(2, "a model writing for a few seconds gives several appends");
        appends.ShouldAllBe(a => a.Body!["ts"]!.GetValue<string>() == ts);
        var streamed = start.Markdown + string.Concat(appends.Skip(refusedAppends).Select(a => a.Markdown));
        answer.Answer.ShouldStartWith(streamed, Case.Sensitive, "the appended pieces are the checked answer as far as it was written, in order");
        var streamCalls = calls.TakeWhile(c => c.Method is "chat.startStream" or "chat.appendStream").ToList();
        for (var i = 1; i < streamCalls.Count; i++)
            (streamCalls[i].At - streamCalls[i - 1].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(SlackStreamingFixture.IntervalMilliseconds - 50), "appends are throttled");

        calls.Single(c => c.Method == "chat.stopStream").Body!["ts"]!.GetValue<string>().ShouldBe(ts);
        update.Body!["ts"]!.GetValue<string>().ShouldBe(ts);
        ShouldBeTheMessage(update, expected);
        calls.Select(c => c.Method).SkipWhile(m => m is "chat.startStream" or "chat.appendStream").ShouldBe(["chat.stopStream", "chat.update"]);
        calls.ShouldNotContain(c => c.Method == "chat.postMessage");
        f.Slack.ProtocolErrors.ShouldBeEmpty();
        TestContext.Current.TestOutputHelper?.WriteLine($"{channel}: start + {appends.Count} appends at {string.Join(", ", streamCalls.Select(c => (c.At - start.At).TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        return calls;
    }

    [Fact]
    public async Task Mention_IsStreamedToTheAsker_ThenReplacedByTheCheckedAnswer()
    {
        var channel = NewChannel('C');
        var ts = NextTs();
        await AskAsync(Mention(channel, ts, Question));
        var calls = await ShouldBeStreamedAsync(channel, ts);
        calls[0].Body!["recipient_user_id"]!.GetValue<string>().ShouldBe("U0ASKER");
        calls[0].Body!["recipient_team_id"]!.GetValue<string>().ShouldBe(Team);
    }

    [Fact]
    public async Task DirectMessage_IsStreamedInItsThread()
    {
        var channel = NewChannel('D');
        var ts = NextTs();
        await AskAsync(DirectMessage(channel, ts, Question));
        await ShouldBeStreamedAsync(channel, ts);
    }

    [Fact]
    public async Task StartStreamRefused_PostsTheAnswerAsOneMessage()
    {
        f.Slack.Script("chat.startStream", http => Results.Json(new { ok = false, error = "method_not_supported_for_channel_type" }).ExecuteAsync(http));
        var channel = NewChannel('C');
        var ts = NextTs();
        await AskAsync(Mention(channel, ts, Question));
        var post = await f.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Channel == channel);
        var (_, expected) = await ExpectedAsync();

        post.Body!["thread_ts"]!.GetValue<string>().ShouldBe(ts);
        ShouldBeTheMessage(post, expected);
        CallsIn(channel).Select(c => c.Method).ShouldBe(["chat.startStream", "chat.postMessage"], "one refused start, then the answer whole");
    }

    [Fact]
    public async Task AppendThrottled_WaitsForRetryAfter_AndLosesNoText()
    {
        f.Slack.Script("chat.appendStream", http =>
        {
            http.Response.Headers.RetryAfter = "1";
            return Results.StatusCode(429).ExecuteAsync(http);
        });
        var channel = NewChannel('D');
        var ts = NextTs();
        await AskAsync(DirectMessage(channel, ts, Question));
        var calls = await ShouldBeStreamedAsync(channel, ts, refusedAppends: 1);

        // The first append was throttled (it is recorded, not taken); the next came after Retry-After, carrying its text too.
        var appends = calls.Where(c => c.Method == "chat.appendStream").ToList();
        appends.Count.ShouldBeGreaterThanOrEqualTo(2, "the throttled append is tried again with what followed it");
        (appends[1].At - appends[0].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(950));
        appends[1].Markdown.ShouldStartWith(appends[0].Markdown!);
    }

    [Fact]
    public async Task UpdateRefused_PostsTheAnswerAsANewMessage()
    {
        f.Slack.Script("chat.update", http => Results.Json(new { ok = false, error = "cant_update_message" }).ExecuteAsync(http));
        var channel = NewChannel('D');
        var ts = NextTs();
        await AskAsync(DirectMessage(channel, ts, Question));
        var post = await f.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Channel == channel);
        var (_, expected) = await ExpectedAsync();

        ShouldBeTheMessage(post, expected);
        post.Body!["thread_ts"]!.GetValue<string>().ShouldBe(ts);
        CallsIn(channel).Select(c => c.Method).SkipWhile(m => m is "chat.startStream" or "chat.appendStream").ShouldBe(["chat.stopStream", "chat.update", "chat.postMessage"]);
    }

    [Fact]
    public async Task SlashCommand_IsOneResponseUrlPost_NotStreamed()
    {
        var id = "cmd" + NextTs().Replace(".", "", StringComparison.Ordinal);
        var channel = NewChannel('C');
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = "legacy", ["team_id"] = Team, ["channel_id"] = channel, ["user_id"] = "U0ASKER", ["command"] = "/reportbot",
            ["text"] = Question, ["response_url"] = f.Slack.ResponseUrl(id).ToString(), ["trigger_id"] = id,
        });
        using (var request = Signed("/api/slack/commands", await form.ReadAsStringAsync(Ct), "application/x-www-form-urlencoded"))
        using (var response = await f.Client.SendAsync(request, Ct))
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = await f.Slack.WaitForAsync(c => c.Path == $"/commands/{id}");
        var (_, expected) = await ExpectedAsync();

        JsonNode.DeepEquals(call.Body!["blocks"], expected.Blocks).ShouldBeTrue();
        f.Slack.Count(c => c.Path == $"/commands/{id}").ShouldBe(1);
        CallsIn(channel).ShouldBeEmpty("no Web API call for a slash command");
    }
}
