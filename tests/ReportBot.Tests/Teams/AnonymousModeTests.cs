using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>
/// <c>/api/messages</c> in anonymous mode (no app id: a local emulator or playground), and what any activity may carry:
/// only loopback callers are served, a service URL with a query or fragment is refused (it would choose the reply's
/// path), an entity of an unknown shape is ignored, and invalid UTF-8 is a 400 on every endpoint. The connector is a
/// loopback stand-in that records what it receives.
/// </summary>
[Collection("teams")]
public sealed class AnonymousModeTests(QdrantFixture qdrant) : IAsyncLifetime
{
    /// <summary>Header by which a test says which address a request comes from (the in-process server has no socket).</summary>
    private const string RemoteHeader = "X-Test-Remote-Address";

    private BotFrameworkStandIn _standIn = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _standIn = await BotFrameworkStandIn.StartAsync();
        _bot = new BotFactory(qdrant, TestPaths.Corpus, new Dictionary<string, string?> { ["ReportBot:Teams:AppId"] = "" });
        _client = _bot.WithOwnDataPath(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>())).CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await _client.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    private JsonObject Message(string conversation, string? serviceUrl = null, string text = "How many North Korean troops were sent to Russia?") => new()
    {
        ["type"] = "message",
        ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl ?? _standIn.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "A User" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ReportBot" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal" },
        ["text"] = text,
    };

    private async Task<HttpStatusCode> PostAsync(string path, byte[] body, string? remote = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        if (remote is not null) request.Headers.Add(RemoteHeader, remote);
        using var response = await _client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    private Task<HttpStatusCode> PostAsync(JsonObject activity, string? remote = null) => PostAsync("/api/messages", Encoding.UTF8.GetBytes(activity.ToJsonString()), remote);

    /// <summary>
    /// After authentication, each Teams conversation has a budget of its own (Teams sends every conversation's activities
    /// from the same pool of addresses): a conversation past its budget gets 429 with Retry-After, another one is served.
    /// </summary>
    [Fact]
    public async Task Activities_AreRateLimitedPerConversation()
    {
        await using var limited = _bot.WithOwnDataPath(b => b.UseSetting("ReportBot:Web:ConversationRateLimitPermits", "2").UseSetting("ReportBot:Web:RateLimitWindowSeconds", "300")
            .ConfigureServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>()));
        using var client = limited.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await client.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);
        var busy = "conv-busy-" + Guid.NewGuid().ToString("N")[..8];
        async Task<HttpResponseMessage> Send(string conversation)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(Message(conversation).ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Add(RemoteHeader, "127.0.0.1");
            return await client.SendAsync(request, Ct);
        }
        (await Send(busy)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Send(busy)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var third = await Send(busy);
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.ShouldNotBeNull();
        (await Send("conv-other-" + Guid.NewGuid().ToString("N")[..8])).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnonymousMode_ServesLoopbackCallersOnly_AndRefusesServiceUrlsWithAQueryOrFragment()
    {
        var refused = new List<string>();
        // A caller from another machine, with an otherwise fine activity.
        var remote = "conv-remote-" + Guid.NewGuid().ToString("N")[..8];
        (await PostAsync(Message(remote), remote: "10.20.30.40")).ShouldBe(HttpStatusCode.Unauthorized);
        refused.Add(remote);
        (await PostAsync(Message(remote + "v6"), remote: "2001:db8::7")).ShouldBe(HttpStatusCode.Unauthorized);
        refused.Add(remote + "v6");
        // Loopback callers whose service URL would let them choose the path the reply goes to.
        foreach (var suffix in new[] { "?", "?x=/collections/c/snapshots", "#", "#frag" })
        {
            var conversation = "conv-query-" + Guid.NewGuid().ToString("N")[..8];
            (await PostAsync(Message(conversation, _standIn.ServiceUrl + suffix))).ShouldBe(HttpStatusCode.Unauthorized, suffix);
            refused.Add(conversation);
        }
        var userInfo = "conv-user-" + Guid.NewGuid().ToString("N")[..8];
        (await PostAsync(Message(userInfo, _standIn.ServiceUrl.Replace("http://", "http://user:pw@", StringComparison.Ordinal)))).ShouldBe(HttpStatusCode.Unauthorized);
        refused.Add(userInfo);

        // A loopback caller with a plain service URL is answered; none of the refused ones ever was.
        var control = "conv-local-" + Guid.NewGuid().ToString("N")[..8];
        (await PostAsync(Message(control), remote: "127.0.0.1")).ShouldBe(HttpStatusCode.OK);
        await _standIn.WaitForAsync(control);
        _standIn.Received.ShouldNotContain(r => refused.Contains(r.Body["conversation"]!["id"]!.GetValue<string>()));
        _standIn.Received.ShouldAllBe(r => !r.Path.Contains("snapshots", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownEntityShapes_AreIgnored_AndTheMessageIsAnswered()
    {
        JsonNode[] shapes =
        [
            new JsonArray(new JsonObject { ["type"] = 5 }),
            new JsonArray(new JsonObject { ["type"] = "mention", ["mentioned"] = "28:bot", ["text"] = 7 }),
            new JsonArray(new JsonObject { ["type"] = "mention", ["mentioned"] = new JsonObject { ["id"] = 28 } }),
            new JsonArray(5, "text", null, new JsonArray()),
        ];
        foreach (var entities in shapes)
        {
            var conversation = "conv-entity-" + Guid.NewGuid().ToString("N")[..8];
            var activity = Message(conversation);
            activity["entities"] = entities;
            (await PostAsync(activity)).ShouldBe(HttpStatusCode.OK, entities.ToJsonString());
            var reply = (await _standIn.WaitForAsync(conversation)).Single();
            reply.Body["text"]!.GetValue<string>().ShouldContain("[1]", Case.Sensitive, $"answered, with citations ({entities.ToJsonString()})");
        }
    }

    [Fact]
    public async Task InvalidUtf8_Is400_OnTheChatStreamAndTeamsEndpoints_InvokeIncluded()
    {
        static byte[] WithInvalidUtf8(string json, string marker)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var at = json.IndexOf(marker, StringComparison.Ordinal);
            var result = bytes.ToArray();
            result[Encoding.UTF8.GetByteCount(json[..at])] = 0xC3; // a lead byte followed by ASCII: invalid
            result[Encoding.UTF8.GetByteCount(json[..at]) + 1] = 0x28;
            return result;
        }
        (await PostAsync("/api/chat", WithInvalidUtf8("""{"question":"How many XX troops?"}""", "XX"))).ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync("/api/chat/stream", WithInvalidUtf8("""{"question":"How many XX troops?"}""", "XX"))).ShouldBe(HttpStatusCode.BadRequest);
        var message = Message("conv-utf8-" + Guid.NewGuid().ToString("N")[..8], text: "How many XX troops?");
        (await PostAsync("/api/messages", WithInvalidUtf8(message.ToJsonString(), "XX"))).ShouldBe(HttpStatusCode.BadRequest);
        var invoke = Message("conv-utf8-invoke-" + Guid.NewGuid().ToString("N")[..8]);
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke["value"] = new JsonObject { ["actionName"] = "feedback", ["actionValue"] = new JsonObject { ["reaction"] = "like", ["feedback"] = """{"feedbackText":"XX fine"}""" } };
        (await PostAsync("/api/messages", WithInvalidUtf8(invoke.ToJsonString(), "XX"))).ShouldBe(HttpStatusCode.BadRequest);
        // The same invoke in valid UTF-8 is stored and answered 200.
        (await PostAsync(invoke)).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Sets the connection's remote address from <see cref="RemoteHeader"/> (test only: the in-process server has no socket).</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, Func<Task> then) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteHeader, out var value) && IPAddress.TryParse(value.ToString(), out var address))
                    context.Connection.RemoteIpAddress = address;
                return then();
            });
            next(app);
        };
    }
}
