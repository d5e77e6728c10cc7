using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using ReportBot.Server.Channels.Slack;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Xunit;

namespace ReportBot.Tests.Slack;

/// <summary>The Slack tests' own Qdrant.</summary>
[CollectionDefinition("slack")]
public sealed class SlackCollection : ICollectionFixture<QdrantFixture>;

/// <summary>The real bot host (real corpus, real Qdrant) configured for Slack, with its Web API pointed at the stand-in.</summary>
public sealed class SlackBotFixture(QdrantFixture qdrant) : IAsyncLifetime
{
    public const string SigningSecret = "test-signing-secret-0123456789";
    public const string BotUserId = "UBOT0001";
    public const string Team = "T0TEAM";

    private static int _sequence;

    public SlackStandIn Slack { get; private set; } = null!;

    public BotFactory Bot { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Slack = await SlackStandIn.StartAsync();
        Bot = new BotFactory(qdrant, TestPaths.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Slack:SigningSecret"] = SigningSecret,
            ["ReportBot:Slack:BotToken"] = SlackStandIn.Token,
            ["ReportBot:Slack:ApiBaseUrl"] = Slack.ApiBaseUrl.ToString(),
            ["ReportBot:Slack:ResponseUrlPrefixes:0"] = new Uri(Slack.ApiBaseUrl, "/commands/").ToString(),
            ["ReportBot:Slack:BotUserId"] = BotUserId,
        });
        Client = await Bot.ReadyClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
    }

    /// <summary>A fresh, unique Slack timestamp / id suffix.</summary>
    public static string NextTs() => $"{1_700_000_000 + Interlocked.Increment(ref _sequence)}.{Random.Shared.Next(100_000, 999_999)}";

    /// <summary>A request signed as Slack signs it (current time unless given).</summary>
    public static HttpRequestMessage Signed(string path, string body, string contentType = "application/json", long? timestamp = null, string secret = SigningSecret)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add(SlackSignature.TimestampHeader, ts);
        request.Headers.Add(SlackSignature.SignatureHeader, SlackSignature.Compute(secret, ts, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    /// <summary>An <c>event_callback</c> envelope around <paramref name="ev"/>.</summary>
    public static string Envelope(JsonObject ev, string? eventId = null) => new JsonObject
    {
        ["token"] = "legacy-verification-token",
        ["team_id"] = Team,
        ["api_app_id"] = "A0APP",
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? "Ev" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = Team, ["user_id"] = BotUserId, ["is_bot"] = true }),
        ["event"] = ev,
    }.ToJsonString();

    public static JsonObject Mention(string channel, string ts, string question, string? threadTs = null)
    {
        var ev = new JsonObject { ["type"] = "app_mention", ["user"] = "U0ASKER", ["text"] = $"<@{BotUserId}> {question}", ["ts"] = ts, ["channel"] = channel, ["event_ts"] = ts };
        if (threadTs is not null) ev["thread_ts"] = threadTs;
        return ev;
    }

    public static JsonObject DirectMessage(string channel, string ts, string text, string user = "U0ASKER") =>
        new() { ["type"] = "message", ["channel_type"] = "im", ["user"] = user, ["text"] = text, ["ts"] = ts, ["channel"] = channel, ["event_ts"] = ts };

    /// <summary>Waits until a host made from <paramref name="factory"/> says it is ready.</summary>
    public static async Task<HttpClient> ReadyAsync(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            using var r = await client.GetAsync("/health/ready");
            if (r.StatusCode == HttpStatusCode.OK) return client;
            await Task.Delay(100);
        }
        throw new TimeoutException("The bot did not become ready.");
    }
}
