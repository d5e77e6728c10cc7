using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ReportBot.Server.Channels.Slack;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Slack;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>The fuzz run's own Qdrant (it runs beside the fault tests, which kill theirs).</summary>
[CollectionDefinition("reliability-hostile")]
public sealed class HostileCollection : ICollectionFixture<QdrantFixture>;

/// <summary>
/// A deterministic fuzz run over <c>/api/chat</c>, <c>/api/chat/stream</c>, <c>/api/messages</c> and
/// <c>/api/slack/events</c> of the real server (a child process on a real socket): every response is 2xx or 4xx, the
/// process survives, and no secret shows in a response body or in the server's whole log.
/// </summary>
[Collection("reliability-hostile")]
public sealed class HostileInputTests(QdrantFixture qdrant)
{
    private const int Seed = 20261123;
    private const int InputsPerEndpoint = 2000;
    private const int WorkersPerEndpoint = 3;
    private static readonly TimeSpan TimeCapPerEndpoint = TimeSpan.FromSeconds(50);

    private const string SlackSigningSecret = "fuzz-signing-secret-Q7zX9kP2";
    private const string TeamsClientSecret = "fuzz-teams-client-secret-M4vB8n";

    [Fact]
    public async Task FuzzedRequests_AreAnswered2xxOr4x_NeverA5xx_AndLeakNoSecret()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var slack = await SlackStandIn.StartAsync();
        await using var connector = await ConnectorSink.StartAsync();
        var data = TestPaths.NewTempFolder("fuzz-data");
        var env = ReliabilityKit.ServerEnvironment(qdrant, TestPaths.Corpus, data, "fuz_" + Guid.NewGuid().ToString("N")[..8]);
        env["ReportBot__Web__RateLimitPermits"] = "0";
        env["ReportBot__Web__ChannelRateLimitPermits"] = "0";
        env["ReportBot__Web__ReadRateLimitPermits"] = "0";
        env["ReportBot__Slack__SigningSecret"] = SlackSigningSecret;
        env["ReportBot__Slack__BotToken"] = SlackStandIn.Token;
        env["ReportBot__Slack__ApiBaseUrl"] = slack.ApiBaseUrl.ToString();
        env["ReportBot__Slack__RetryCount"] = "1";
        env["ReportBot__Teams__ClientSecret"] = TeamsClientSecret;
        env["ReportBot__Teams__RetryCount"] = "1";
        await using var server = new ServerProcess(env);
        server.Start();
        await server.WaitReadyAsync(cancellationToken: ct);

        var questions = ChatLoad.Questions;
        JsonObject Chat(Random r)
        {
            var body = new JsonObject { ["question"] = questions[r.Next(questions.Count)] };
            if (r.Next(2) == 0) body["history"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = questions[r.Next(questions.Count)] }, new JsonObject { ["role"] = "assistant", ["content"] = "Over 11,000." });
            if (r.Next(3) == 0) body["conversationId"] = "fuzz-" + r.Next(50);
            return body;
        }
        JsonObject Activity(Random r) => new()
        {
            ["type"] = r.Next(8) == 0 ? "conversationUpdate" : "message",
            ["id"] = "act-" + r.Next(),
            ["channelId"] = "msteams",
            ["serviceUrl"] = connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "A User" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ReportBot" },
            ["conversation"] = new JsonObject { ["id"] = "fuzz-conv-" + r.Next(20), ["conversationType"] = "personal", ["tenantId"] = "t" },
            ["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:bot" }),
            ["text"] = questions[r.Next(questions.Count)],
        };
        JsonObject SlackEvent(Random r) => r.Next(10) == 0
            ? new JsonObject { ["token"] = "t", ["challenge"] = "c" + r.Next(), ["type"] = "url_verification" }
            : JsonNode.Parse(SlackBotFixture.Envelope(r.Next(2) == 0
                ? SlackBotFixture.Mention("CFUZZ" + r.Next(10), $"{1_700_000_000 + r.Next(1_000_000)}.{r.Next(100_000, 999_999)}", questions[r.Next(questions.Count)])
                : SlackBotFixture.DirectMessage("DFUZZ" + r.Next(10), $"{1_700_000_000 + r.Next(1_000_000)}.{r.Next(100_000, 999_999)}", questions[r.Next(questions.Count)]),
                "EvFUZZ" + r.Next()))!.AsObject();

        var endpoints = new (string Path, Func<Random, JsonObject> Body, bool Slack)[]
        {
            ("api/chat", Chat, false),
            ("api/chat/stream", Chat, false),
            ("api/messages", Activity, false),
            ("api/slack/events", SlackEvent, true),
        };
        var failures = new ConcurrentQueue<string>();
        var leaks = new ConcurrentQueue<string>();
        var tried = new ConcurrentDictionary<string, int>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(endpoints.Select((e, index) => Task.Run(async () =>
        {
            var fuzzer = new HostileInputFuzzer(Seed + index, e.Body);
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, WorkersPerEndpoint).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < TimeCapPerEndpoint)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= InputsPerEndpoint) return;
                    var input = fuzzer.Create(i);
                    using var request = new HttpRequestMessage(HttpMethod.Post, e.Path) { Content = new ByteArrayContent(input.Body) };
                    if (input.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", input.ContentType);
                    if (input.Body.Length > 200 * 1024)
                    {
                        // As a well-behaved client sends a large body: the server may refuse it (413) before it is sent,
                        // and closes the connection without reading it, so it is not reused.
                        request.Headers.ExpectContinue = true;
                        request.Headers.ConnectionClose = true;
                    }
                    if (e.Slack)
                    {
                        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                        request.Headers.Add(SlackSignature.TimestampHeader, ts);
                        request.Headers.Add(SlackSignature.SignatureHeader, input.Sign ? SlackSignature.Compute(SlackSigningSecret, ts, input.Body) : "v0=" + Convert.ToHexStringLower(input.Body.Take(32).ToArray()));
                    }
                    else if (!input.Sign)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
                    }
                    tried.AddOrUpdate(e.Path, 1, (_, n) => n + 1);
                    try
                    {
                        using var response = await http.SendAsync(request, CancellationToken.None);
                        var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                        var status = (int)response.StatusCode;
                        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                        if (status >= 500 || status < 200 || status is >= 300 and < 400)
                            failures.Enqueue($"{e.Path} #{i} {input.Kind} → {status}: {Snippet(input.Body)} | {text[..Math.Min(300, text.Length)]}");
                        if (text.Contains(SlackSigningSecret, StringComparison.Ordinal) || text.Contains(SlackStandIn.Token, StringComparison.Ordinal) || text.Contains(TeamsClientSecret, StringComparison.Ordinal))
                            leaks.Enqueue($"{e.Path} #{i}: a secret in the response body");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        failures.Enqueue($"{e.Path} #{i} {input.Kind} → no response ({ex.GetType().Name}: {ex.Message}): {Snippet(input.Body)}");
                    }
                }
            }, CancellationToken.None)));
        }, CancellationToken.None)));
        watch.Stop();

        // The process is still up and still answers.
        server.IsRunning.ShouldBeTrue("the server survived the fuzz run");
        using (var live = await server.Http.GetAsync("health/live", ct)) live.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var ok = await server.Http.PostAsync("api/chat", new StringContent("""{"question":"How many North Korean troops were sent to Russia?"}""", Encoding.UTF8, "application/json"), ct))
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(1000, ct); // let queued Slack answers and their log lines finish

        var log = server.Output;
        var secretLines = log.Where(l => l.Contains(SlackSigningSecret, StringComparison.Ordinal) || l.Contains(SlackStandIn.Token, StringComparison.Ordinal) || l.Contains(TeamsClientSecret, StringComparison.Ordinal)).ToList();
        var total = tried.Values.Sum();
        ReliabilityKit.Record("fuzz",
            $"inputs={total} ({string.Join(", ", tried.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"))}) seed={Seed} in {watch.Elapsed.TotalSeconds:F0}s " +
            $"statuses={string.Join(",", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"))} 5xx={statuses.Where(x => x.Key >= 500).Sum(x => x.Value)} failures={failures.Count} log-lines={log.Count} secret-lines={secretLines.Count}");
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
        leaks.ShouldBeEmpty();
        secretLines.ShouldBeEmpty();
        log.Count.ShouldBeGreaterThan(0, "the server's log was captured");
        tried.Keys.Count.ShouldBe(endpoints.Length);
        tried.Values.ShouldAllBe(n => n >= 200, "each endpoint got a meaningful number of inputs within the time cap");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 160));
        return $"[{body.Length} B] " + text.ReplaceLineEndings(" ");
    }

    /// <summary>A Bot Framework connector stand-in that accepts every activity (anonymous mode sends no token).</summary>
    private sealed class ConnectorSink : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ConnectorSink(WebApplication app) => _app = app;

        public string ServiceUrl { get; private set; } = "";

        public static async Task<ConnectorSink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapPost("/connector/v3/conversations/{**rest}", () => Results.Json(new { id = "reply-" + Guid.NewGuid().ToString("N")[..8] }, statusCode: 201));
            await app.StartAsync();
            var sink = new ConnectorSink(app);
            sink.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/connector";
            return sink;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
