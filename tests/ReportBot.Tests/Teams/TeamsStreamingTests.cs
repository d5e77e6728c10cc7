using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Core.Conversations;
using ReportBot.Server.Channels.Teams;
using ReportBot.Tests.Generative;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>
/// The bot with a chat model that writes slowly (the model stand-in streams its reply in small chunks), Teams
/// authentication on, and the connector stand-in checking Teams' streaming rules.
/// </summary>
public sealed class TeamsStreamingFixture(QdrantFixture qdrant) : IAsyncLifetime
{
    /// <summary>Least time between two updates, as the bot is configured here (Teams' own is about a second).</summary>
    public const int IntervalMilliseconds = 300;

    public BotFrameworkStandIn Connector { get; private set; } = null!;

    public ModelStandIn Model { get; private set; } = null!;

    public BotFactory Bot { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>What the model stand-in writes: a faithful answer, said twice, so that it writes for a few seconds.</summary>
    public static string Reply(ModelCall call) => GenerativeAnswerTests.Faithful(call) + "\n\n" + GenerativeAnswerTests.Faithful(call);

    public async ValueTask InitializeAsync()
    {
        Connector = await BotFrameworkStandIn.StartAsync();
        // The stand-in refuses (and lists) any update that comes sooner than the bot's interval allows, less some jitter.
        Connector.MinStreamInterval = TimeSpan.FromMilliseconds(IntervalMilliseconds - 50);
        Model = await ModelStandIn.StartAsync();
        Model.Default = ModelStandIn.Reply(Reply, chunkDelay: TimeSpan.FromMilliseconds(50), chunkChars: 8);
        var settings = GenerativeAnswerTests.Settings(Model);
        settings["ReportBot:Teams:AppId"] = BotFrameworkStandIn.AppId;
        settings["ReportBot:Teams:ClientSecret"] = BotFrameworkStandIn.Secret;
        settings["ReportBot:Teams:OpenIdMetadataUrl"] = Connector.MetadataUrl;
        settings["ReportBot:Teams:TokenEndpoint"] = Connector.TokenEndpoint;
        settings["ReportBot:Teams:RetryCount"] = "1";
        settings["ReportBot:Teams:StreamIntervalMilliseconds"] = IntervalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Bot = new BotFactory(qdrant, GenerativeAnswerTests.Corpus, settings);
        Client = await Bot.ReadyClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Model.DisposeAsync();
        await Connector.DisposeAsync();
    }
}

/// <summary>
/// Streamed replies in Teams: in a personal chat an informative update, then the growing draft (same stream id,
/// increasing sequence, throttled), then one final message with the checked answer, its citations and card; one plain
/// message in a group chat; and the answer still arriving whatever streaming update the connector refuses.
/// </summary>
[Collection("teams")]
public sealed class TeamsStreamingTests(TeamsStreamingFixture f) : IClassFixture<TeamsStreamingFixture>
{
    private const string Question = "How many fishing boats did the storm destroy?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private JsonObject Activity(string conversation, string conversationType = "personal", string text = Question) => new()
    {
        ["type"] = "message",
        ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = f.Connector.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "A User" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId, ["name"] = "ReportBot" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = conversationType, ["tenantId"] = "t" },
        ["text"] = text,
    };

    private async Task PostAsync(JsonObject activity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", f.Connector.Sign(f.Connector.ServiceUrl));
        using var response = await f.Client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private List<ReceivedActivity> ReceivedFor(string conversation) =>
        f.Connector.Received.Where(r => r.Body["conversation"]?["id"]?.GetValue<string>() == conversation).ToList();

    private List<RefusedActivity> RefusedFor(string conversation) =>
        f.Connector.Refused.Where(r => r.Activity.Body["conversation"]?["id"]?.GetValue<string>() == conversation).ToList();

    private static string? StreamType(ReceivedActivity a) => a.StreamInfo?["streamType"]?.GetValue<string>();

    /// <summary>The answer the model wrote for the latest question: the faithful reply passes the guard unchanged.</summary>
    private string ExpectedAnswer() => TeamsStreamingFixture.Reply(f.Model.Calls.Last(c => c.Path == "/v1/chat/completions"));

    /// <summary>The final answer carries the citations and the disagreement card, as an unstreamed reply does.</summary>
    private static void ShouldBeTheFullAnswer(ReceivedActivity reply, string expected)
    {
        reply.Body["type"]!.GetValue<string>().ShouldBe("message");
        reply.Body["text"]!.GetValue<string>().ShouldBe(expected);
        var ai = reply.Body["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "https://schema.org/Message")!;
        var citations = ai["citation"]!.AsArray();
        citations.Count.ShouldBeGreaterThan(0);
        foreach (var c in citations) expected.ShouldContain($"[{c!["position"]!.GetValue<int>()}]");
        reply.Body["attachments"]!.AsArray().Single()!["contentType"]!.GetValue<string>().ShouldBe("application/vnd.microsoft.card.adaptive");
        reply.Body["channelData"]!["feedbackLoopEnabled"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task PersonalChat_StreamsInformativeThenTheGrowingDraft_ThenOneFinalMessageWithCitations()
    {
        var conversation = "stream-personal-" + Guid.NewGuid().ToString("N")[..8];
        var activity = Activity(conversation);
        await PostAsync(activity);
        await f.Connector.WaitForAsync(conversation, timeout: TimeSpan.FromSeconds(30));
        var received = ReceivedFor(conversation);
        var expected = ExpectedAnswer();
        f.Model.Calls[^1].Streamed.ShouldBeTrue("in a personal chat the model is asked to stream");

        // 1. The informative update opens the stream; its id is the stream's id.
        var informative = received[0];
        informative.Body["type"]!.GetValue<string>().ShouldBe("typing");
        StreamType(informative).ShouldBe("informative");
        informative.StreamInfo!["streamSequence"]!.GetValue<int>().ShouldBe(1);
        informative.StreamInfo["streamId"].ShouldBeNull();
        informative.Body["text"]!.GetValue<string>().ShouldBe(TeamsReplyBuilder.SearchingText);
        var streamId = informative.ResponseId!;
        streamId.ShouldNotBeNullOrEmpty();

        // 2. The draft: typing updates with the same id, sequence 2, 3, …, each holding all of the text before it, throttled.
        var drafts = received.Where(r => StreamType(r) == "streaming").ToList();
        drafts.Count.ShouldBeGreaterThanOrEqualTo(3, "a model writing for a few seconds gives several updates");
        drafts.ShouldAllBe(d => d.Body["type"]!.GetValue<string>() == "typing" && d.StreamInfo!["streamId"]!.GetValue<string>() == streamId);
        drafts.Select(d => d.StreamInfo!["streamSequence"]!.GetValue<int>()).ShouldBe(Enumerable.Range(2, drafts.Count));
        var texts = drafts.Select(d => d.Body["text"]!.GetValue<string>()).ToList();
        for (var i = 1; i < texts.Count; i++)
        {
            texts[i].ShouldStartWith(texts[i - 1]);
            texts[i].Length.ShouldBeGreaterThan(texts[i - 1].Length);
        }
        // Drafts are text as written (no Markdown from the model or the reports): the answer, escaped, as far as it was written.
        ReportBot.Server.Channels.AnswerMarkup.EscapeMarkdown(expected).ShouldStartWith(texts[^1], Case.Sensitive, "the draft is the checked answer as far as it was written");
        var updates = received.TakeWhile(r => r.Body["type"]!.GetValue<string>() == "typing").ToList();
        for (var i = 1; i < updates.Count; i++)
            (updates[i].At - updates[i - 1].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(TeamsStreamingFixture.IntervalMilliseconds - 50), "updates are throttled");
        TestContext.Current.TestOutputHelper?.WriteLine($"{drafts.Count} draft updates, at {string.Join(", ", updates.Select(u => (u.At - informative.At).TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");

        // 3. One final message closes the stream and carries the checked answer with everything an unstreamed reply has.
        var final = received.Single(r => r.Body["type"]!.GetValue<string>() == "message");
        received[^1].ShouldBe(final);
        final.Path.ShouldBe($"/connector/v3/conversations/{conversation}/activities/{activity["id"]}");
        StreamType(final).ShouldBe("final");
        final.StreamInfo!["streamId"]!.GetValue<string>().ShouldBe(streamId);
        final.StreamInfo["streamSequence"].ShouldBeNull();
        ShouldBeTheFullAnswer(final, expected);

        received.ShouldAllBe(r => r.StreamInfo != null, "no plain typing indicator in a streamed reply");
        RefusedFor(conversation).ShouldBeEmpty();
        f.Connector.ProtocolErrors.ShouldBeEmpty();
        (await f.Bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:" + conversation, Ct))[1].Content.ShouldBe(expected);
    }

    [Fact]
    public async Task GroupChat_GetsExactlyOneMessage_WithoutStreamInfo()
    {
        var conversation = "stream-group-" + Guid.NewGuid().ToString("N")[..8];
        var activity = Activity(conversation, "groupChat", "<at>ReportBot</at> " + Question);
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>ReportBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "28:" + BotFrameworkStandIn.AppId, ["name"] = "ReportBot" },
        });
        await PostAsync(activity);
        var reply = (await f.Connector.WaitForAsync(conversation, timeout: TimeSpan.FromSeconds(30))).Single();

        ShouldBeTheFullAnswer(reply, ExpectedAnswer());
        var received = ReceivedFor(conversation);
        received.ShouldAllBe(r => r.StreamInfo == null);
        received.Where(r => r.Body["type"]!.GetValue<string>() == "typing").ShouldAllBe(r => r.Body["text"] == null, "only the plain typing indicator");
        received.Count(r => r.Body["type"]!.GetValue<string>() == "message").ShouldBe(1);
        RefusedFor(conversation).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("informative", 403)]
    [InlineData("streaming", 403)]
    [InlineData("streaming", 429)]
    [InlineData("final", 403)]
    public async Task ConnectorRefusingStreaming_StillGetsTheFinalAnswer(string refusedType, int status)
    {
        var conversation = $"stream-refused-{refusedType}-{status}-" + Guid.NewGuid().ToString("N")[..6];
        f.Connector.RefuseStreaming(conversation, refusedType, status);
        await PostAsync(Activity(conversation));
        await f.Connector.WaitForAsync(conversation, timeout: TimeSpan.FromSeconds(30));
        await Task.Delay(200, Ct); // nothing more may follow the answer
        var received = ReceivedFor(conversation);
        var refused = RefusedFor(conversation);
        var expected = ExpectedAnswer();

        // Each refusal is taken at its word: no retry, no further update of that kind.
        refused.Count.ShouldBe(1);
        StreamType(refused[0].Activity).ShouldBe(refusedType);
        refused[0].Status.ShouldBe(status);
        var final = received.Single(r => r.Body["type"]!.GetValue<string>() == "message");
        ShouldBeTheFullAnswer(final, expected);
        switch (refusedType)
        {
            case "informative":
                // No stream: nothing but one plain message.
                final.StreamInfo.ShouldBeNull();
                received.ShouldHaveSingleItem();
                break;
            case "streaming":
                // The draft stopped at its first update; the final message still closes the stream.
                received.ShouldNotContain(r => StreamType(r) == "streaming");
                StreamType(final).ShouldBe("final");
                final.StreamInfo!["streamId"]!.GetValue<string>().ShouldBe(received[0].ResponseId);
                break;
            case "final":
                // The final message was refused as part of the stream: it came again as a plain message.
                received.Count(r => StreamType(r) == "streaming").ShouldBeGreaterThan(0);
                final.StreamInfo.ShouldBeNull();
                break;
        }
        received[^1].ShouldBe(final);
        f.Connector.ProtocolErrors.ShouldBeEmpty();
    }
}
