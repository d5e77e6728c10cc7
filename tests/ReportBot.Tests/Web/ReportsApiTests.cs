using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ReportBot.Core.Corpus;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>GET /api/reports and /api/reports/{id} against the real corpus.</summary>
[Collection("web")]
public sealed class ReportsApiTests(WebFixture web)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_HasEveryReportWithItsMetadata()
    {
        var corpus = ReportLoader.LoadFolder(TestPaths.Corpus).ToDictionary(r => r.Id);
        var list = (await web.Http.GetFromJsonAsync<JsonNode>("/api/reports", Ct))!["reports"]!.AsArray();
        list.Count.ShouldBe(corpus.Count);
        foreach (var r in list)
        {
            var report = corpus[(string)r!["id"]!];
            ((string)r["title"]!).ShouldBe(report.Metadata.Title);
            ((string?)r["publisher"]).ShouldBe(string.IsNullOrWhiteSpace(report.Metadata.Publisher) ? null : report.Metadata.Publisher);
            ((bool)r["publishedInferred"]!).ShouldBe(report.Metadata.PublishedInferred);
            ((int)r["paragraphCount"]!).ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task Get_ReturnsTheTextAndParagraphsThatHoldEveryCitedQuote()
    {
        using var chat = await web.Http.PostAsJsonAsync("/api/chat", new { question = "How many North Korean troops were sent to Russia?" }, Ct);
        var citations = JsonNode.Parse(await chat.Content.ReadAsStringAsync(Ct))!["citations"]!.AsArray();
        citations.Count.ShouldBeGreaterThan(0);
        foreach (var c in citations)
        {
            var report = (await web.Http.GetFromJsonAsync<JsonNode>($"/api/reports/{Uri.EscapeDataString((string)c!["reportId"]!)}", Ct))!;
            var text = (string)report["text"]!;
            ((string)report["report"]!["id"]!).ShouldBe((string)c["reportId"]!);
            var start = (int)c["start"]!;
            var end = (int)c["end"]!;
            text[start..end].ShouldBe((string)c["quote"]!);
            var paragraphs = report["paragraphs"]!.AsArray().Select(p => ((int)p![0]!, (int)p[1]!)).ToList();
            paragraphs.ShouldAllBe(p => 0 <= p.Item1 && p.Item1 < p.Item2 && p.Item2 <= text.Length);
            paragraphs.Zip(paragraphs.Skip(1)).ShouldAllBe(pair => pair.First.Item2 <= pair.Second.Item1);
            paragraphs.ShouldContain(p => p.Item1 <= start && end <= p.Item2, "the quote lies inside one kept paragraph");
        }
    }

    [Fact]
    public async Task Get_UnknownId_Is404ProblemDetails()
    {
        using var response = await web.Http.GetAsync("/api/reports/no-such-report", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        ((int)problem["status"]!).ShouldBe(404);
        ((string)problem["detail"]!).ShouldContain("no-such-report");
    }
}
