using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>Issue 19: the HTTP API as a newcomer reads it.</summary>
[Collection("web")]
public sealed class NewcomerApiTests(WebFixture web)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_WithABodyThatIsNotJson_Is415WithADetail()
    {
        using var response = await web.Http.PostAsync("/api/chat", new StringContent("How many troops?", Encoding.UTF8, "text/plain"), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("detail").GetString()!.ShouldContain("application/json");
    }

    [Fact]
    public async Task OpenApi_NamesEverySchema_NoAnonymousTypes()
    {
        var doc = (await web.Http.GetFromJsonAsync<JsonNode>("/openapi/v1.json", Ct))!;
        var names = doc["components"]!["schemas"]!.AsObject().Select(p => p.Key).ToList();
        names.ShouldNotContain(n => n.StartsWith("AnonymousType", StringComparison.Ordinal));
        names.ShouldContain("ReadyStatus");
        names.ShouldContain("LiveStatus");
    }

    [Fact]
    public async Task Ready_AndReports_ListSkippedFiles()
    {
        var ready = await web.Http.GetFromJsonAsync<JsonElement>("/health/ready", Ct);
        ready.GetProperty("skipped").ValueKind.ShouldBe(JsonValueKind.Array);
        var reports = await web.Http.GetFromJsonAsync<JsonElement>("/api/reports", Ct);
        reports.GetProperty("skipped").GetArrayLength().ShouldBe(0, "the project's corpus reads cleanly");
        reports.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("title").GetString()).ShouldContain("anti-air-missiles-for-soldiers.md", "a report without a headline or publisher is named by its file, not its first sentence");
    }
}
