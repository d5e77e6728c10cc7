using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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

        // Only the chat endpoints are limited.
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

    [GeneratedRegex(@"<script\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex(@"(?<![\w\\])(https?:)?//[a-z0-9-]+\.[a-z]", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
