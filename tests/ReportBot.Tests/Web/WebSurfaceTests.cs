using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>The page's files and headers, the OpenAPI document, CORS and the rate limit.</summary>
[Collection("web")]
public sealed partial class WebSurfaceTests(WebFixture web)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_ServesThePageWithAStrictContentSecurityPolicy()
    {
        using var response = await web.Http.GetAsync("/", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self'");
        csp.ShouldContain("default-src 'self'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
        response.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        var html = await response.Content.ReadAsStringAsync(Ct);
        ScriptTag().Matches(html).ShouldAllBe(m => m.Value.Contains("src=", StringComparison.Ordinal), "no inline script");
        InlineHandler().IsMatch(html).ShouldBeFalse("no inline event handlers");
        html.ShouldNotContain("style=");
    }

    [Fact]
    public async Task Page_UsesOnlyItsOwnFiles_AndEveryOneIsServed()
    {
        var root = Path.Combine(TestPaths.RepositoryRoot, "src", "ReportBot.Server", "wwwroot");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList();
        files.ShouldContain(f => f.EndsWith("index.html", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = (await File.ReadAllTextAsync(file, Ct)).Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal); // a namespace, not a request
            ExternalUrl().IsMatch(text).ShouldBeFalse($"{Path.GetFileName(file)} refers to another site");
            var url = "/" + Path.GetRelativePath(root, file).Replace('\\', '/');
            using var response = await web.Http.GetAsync(url, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        }
    }

    [Fact]
    public async Task OpenApi_DescribesEveryEndpointAndSchema()
    {
        var doc = (await web.Http.GetFromJsonAsync<JsonNode>("/openapi/v1.json", Ct))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[] { "/api/chat", "/api/chat/stream", "/api/reports", "/api/reports/{id}", "/api/page", "/health/ready" })
            paths.ContainsKey(path).ShouldBeTrue(path);
        var schemas = doc["components"]!["schemas"]!.AsObject();
        foreach (var schema in new[] { "AnswerResult", "Citation", "Disagreement", "ClaimView", "StreamMeta", "StreamDelta", "ReportList", "ReportDetail", "ReportSummary", "ChatRequest" })
            schemas.ContainsKey(schema).ShouldBeTrue(schema);
        paths["/api/chat/stream"]!["post"]!["responses"]!["200"]!["content"]!.AsObject().ContainsKey("text/event-stream").ShouldBeTrue();
    }

    [Fact]
    public async Task Cors_IsOffByDefault()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/chat");
        preflight.Headers.Add("Origin", "http://127.0.0.1:9");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await web.Http.SendAsync(preflight, Ct);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
        get.Headers.Add("Origin", "http://127.0.0.1:9");
        using var list = await web.Http.SendAsync(get, Ct);
        list.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task SmallRateLimit_ThrottlesChatPerClientWith429AndRetryAfter_AndCorsAllowsOnlyConfiguredOrigins()
    {
        await using var bot = new BotFactory(web.Qdrant, TestPaths.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Web:RateLimitPermits"] = "3",
            ["ReportBot:Web:RateLimitWindowSeconds"] = "60",
            ["ReportBot:Web:CorsOrigins:0"] = "http://127.0.0.1:9",
        });
        var client = bot.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.PostAsJsonAsync(i % 2 == 0 ? "/api/chat" : "/api/chat/stream", new { question = "" }, Ct);
            statuses.Add(ok.StatusCode);
        }
        statuses.ShouldAllBe(s => s != HttpStatusCode.TooManyRequests);

        using var throttled = await client.PostAsJsonAsync("/api/chat/stream", new { question = "How many?" }, Ct);
        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        throttled.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        ((int)JsonNode.Parse(await throttled.Content.ReadAsStringAsync(Ct))!["status"]!).ShouldBe(429);
        using var chat = await client.PostAsJsonAsync("/api/chat", new { question = "How many?" }, Ct);
        chat.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        // Reads have their own budget: chat's being spent does not throttle them.
        using var reports = await client.GetAsync("/api/reports", Ct);
        reports.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
        allowed.Headers.Add("Origin", "http://127.0.0.1:9");
        using var allowedResponse = await client.SendAsync(allowed, Ct);
        allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["http://127.0.0.1:9"]);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
        other.Headers.Add("Origin", "http://127.0.0.2:9");
        using var otherResponse = await client.SendAsync(other, Ct);
        otherResponse.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    /// <summary>
    /// Every public endpoint is rate-limited, each with its own budget per sender address: the reads (reports, a report,
    /// the disagreement map, the page), the channels (Teams, Slack: counted before authentication) and chat; the health
    /// probes are not. A client that spent one budget still has the others, and another client has all of its own.
    /// </summary>
    [Fact]
    public async Task EveryPublicEndpoint_IsRateLimitedPerClient_EachWithItsOwnBudget()
    {
        await using var bot = new BotFactory(web.Qdrant, TestPaths.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Web:RateLimitPermits"] = "2",
            ["ReportBot:Web:ReadRateLimitPermits"] = "4",
            ["ReportBot:Web:ChannelRateLimitPermits"] = "3",
            ["ReportBot:Web:RateLimitWindowSeconds"] = "300",
        });
        var client = bot.WithOwnDataPath(b => b.ConfigureServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RemoteAddress>())).CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await client.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);
        var ids = (await client.GetFromJsonAsync<JsonNode>("/api/reports", Ct))!["reports"]!.AsArray().Select(r => (string)r!["id"]!).ToList();

        async Task<HttpStatusCode> Send(HttpMethod method, string path, string from = "203.0.113.5", string? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("X-Test-Remote-Address", from);
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request, Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) response.Headers.Contains("Retry-After").ShouldBeTrue(path);
            return response.StatusCode;
        }

        // Reads: 4 per client, shared by every read endpoint.
        (await Send(HttpMethod.Get, "/api/reports")).ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, $"/api/reports/{ids[0]}")).ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, "/api/disagreements")).ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, "/api/page")).ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, "/api/disagreements")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(HttpMethod.Get, "/api/reports")).ShouldBe(HttpStatusCode.TooManyRequests);
        // Channels: 3 per sender, before authentication (these are refused, unauthenticated, until the budget is spent).
        (await Send(HttpMethod.Post, "/api/messages", body: "{}")).ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await Send(HttpMethod.Post, "/api/slack/events", body: "{}")).ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await Send(HttpMethod.Post, "/api/slack/commands", body: "{}")).ShouldNotBe(HttpStatusCode.TooManyRequests);
        (await Send(HttpMethod.Post, "/api/messages", body: "{}")).ShouldBe(HttpStatusCode.TooManyRequests);
        (await Send(HttpMethod.Post, "/api/slack/events", body: "{}")).ShouldBe(HttpStatusCode.TooManyRequests);
        // Chat still has its own budget; then it too is spent.
        (await Send(HttpMethod.Post, "/api/chat", body: """{"question":""}""")).ShouldBe(HttpStatusCode.BadRequest);
        (await Send(HttpMethod.Post, "/api/chat/stream", body: """{"question":""}""")).ShouldBe(HttpStatusCode.BadRequest);
        (await Send(HttpMethod.Post, "/api/chat", body: """{"question":""}""")).ShouldBe(HttpStatusCode.TooManyRequests);
        // The health probes are never limited; another client has budgets of its own.
        for (var i = 0; i < 10; i++) (await Send(HttpMethod.Get, "/health/live")).ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, "/api/disagreements", from: "203.0.113.6")).ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Post, "/api/messages", from: "203.0.113.6", body: "{}")).ShouldNotBe(HttpStatusCode.TooManyRequests);
    }

    /// <summary>
    /// <c>/api/disagreements</c> is built once per corpus snapshot and sent with an ETag: the same ETag on every request
    /// while the corpus is unchanged (a re-sync that changed nothing included), 304 with no body on <c>If-None-Match</c>.
    /// </summary>
    [Fact]
    public async Task Disagreements_BuiltOncePerSnapshot_ServedWithAnETag_And304OnIfNoneMatch()
    {
        await using var bot = new BotFactory(web.Qdrant, TestPaths.Corpus, new Dictionary<string, string?> { ["ReportBot:SyncIntervalSeconds"] = "1" });
        var client = await bot.ReadyClientAsync();
        using var first = await client.GetAsync("/api/disagreements", Ct);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag!.ToString();
        etag.ShouldNotBeNullOrWhiteSpace();
        var body = await first.Content.ReadAsStringAsync(Ct);
        JsonNode.Parse(body)!["disagreements"]!.AsArray().Count.ShouldBeGreaterThan(0);
        var cache = bot.Services.GetRequiredService<ReportBot.Server.Apis.DisagreementMapCache>();
        var builds = cache.Builds;
        var corpus = bot.Services.GetRequiredService<ReportBot.Core.Ingestion.CorpusState>();
        var snapshot = corpus.Current;

        for (var i = 0; i < 5; i++)
        {
            using var again = await client.GetAsync("/api/disagreements", Ct);
            again.Headers.ETag!.ToString().ShouldBe(etag);
            (await again.Content.ReadAsStringAsync(Ct)).ShouldBe(body);
        }
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/disagreements");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await client.SendAsync(conditional, Ct);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync(Ct)).ShouldBeEmpty();
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/disagreements");
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"not-the-etag\"");
        (await client.SendAsync(stale, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        if (ReferenceEquals(corpus.Current, snapshot)) cache.Builds.ShouldBe(builds, "built once for this snapshot");
    }

    /// <summary>Sets the connection's remote address from <c>X-Test-Remote-Address</c> (test only: the in-process server has no socket).</summary>
    private sealed class RemoteAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            Microsoft.AspNetCore.Builder.UseExtensions.Use(app, (HttpContext context, Func<Task> then) =>
            {
                if (context.Request.Headers.TryGetValue("X-Test-Remote-Address", out var value) && System.Net.IPAddress.TryParse(value.ToString(), out var address))
                    context.Connection.RemoteIpAddress = address;
                return then();
            });
            next(app);
        };
    }

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"(?<![\w\\])(https?:)?//[a-z0-9-]+\.[a-z]", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
