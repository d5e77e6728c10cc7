using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using ReportBot.Tests.Web;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Uploads;

/// <summary>Issue 19: adding and removing reports over the API — off by default, a bearer key, limits, and an indexing status.</summary>
[Collection("qdrant")]
public sealed class UploadsApiTests(QdrantFixture qdrant) : IAsyncLifetime
{
    private const string Key = "test-upload-key-0123456789";
    private string _corpus = null!;
    private BotFactory _bot = null!;
    private readonly LogCapture _logs = new();
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _corpus = TestPaths.CopyOf(TestPaths.SecondCorpus);
        _bot = new BotFactory(qdrant, _corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Uploads:Enabled"] = "true",
            ["ReportBot:Uploads:ApiKey"] = Key,
            ["ReportBot:Uploads:MaxBytes"] = "20000",
            ["ReportBot:SyncIntervalSeconds"] = "0",
        });
        var host = _bot.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs)));
        _http = host.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await _http.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(100, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _bot.DisposeAsync();
        Directory.Delete(_corpus, recursive: true);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null, string? key = Key)
    {
        var r = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null) r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return r;
    }

    private async Task<JsonElement> StatusWhenSettledAsync(string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var status = await _http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}/status", Ct);
            if (status.GetProperty("status").GetString() is not "queued" and not "removing") return status;
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException("The report was not indexed.");
    }

    private static MultipartFormDataContent File(string name, byte[] bytes)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return form;
    }

    [Fact]
    public async Task AddReport_AsJson_IsQueuedThenIndexed_AndAnswersQuestions()
    {
        var body = new { title = "Ferry service to Carrow Island resumes", text = "The ferry service to Carrow Island resumed on Monday after a storm damaged the pier in January, the harbour authority said.\n\nThe operator said 14 sailings a day would run.", published = "2026-03-09", publisher = "Island Herald" };
        using var response = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", JsonContent.Create(body)), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe("/api/reports/ferry-service-to-carrow-island-resumes/status");
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        accepted.GetProperty("status").GetString().ShouldBeOneOf("queued", "indexed");

        var status = await StatusWhenSettledAsync("ferry-service-to-carrow-island-resumes");
        status.GetProperty("status").GetString().ShouldBe("indexed");
        status.GetProperty("title").GetString().ShouldBe(body.title);
        System.IO.File.Exists(Path.Combine(_corpus, "ferry-service-to-carrow-island-resumes.md")).ShouldBeTrue();

        using var chat = await _http.PostAsJsonAsync("/api/chat", new { question = "When did the ferry service to Carrow Island resume?" }, Ct);
        var answer = await chat.Content.ReadFromJsonAsync<JsonElement>(Ct);
        answer.GetProperty("answerable").GetBoolean().ShouldBeTrue();
        answer.GetProperty("citations").EnumerateArray().ShouldContain(c => c.GetProperty("reportId").GetString() == "ferry-service-to-carrow-island-resumes" && c.GetProperty("publisher").GetString() == "Island Herald");
    }

    [Fact]
    public async Task AddReport_AsAFile_IsIndexed_ThenDeleteRemovesIt()
    {
        var text = "Library reopens in Dunmere\n\nThe public library in Dunmere reopened on Saturday after a two-year renovation, the town council said.\n\n© 2026 Dunmere Weekly\n";
        using var added = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", File("dunmere-library.txt", Encoding.UTF8.GetBytes(text))), Ct);
        added.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await StatusWhenSettledAsync("dunmere-library")).GetProperty("status").GetString().ShouldBe("indexed");
        var list = await _http.GetFromJsonAsync<JsonElement>("/api/reports", Ct);
        var report = list.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "dunmere-library");
        report.GetProperty("publisher").GetString().ShouldBe("Dunmere Weekly");

        using var deleted = await _http.SendAsync(Request(HttpMethod.Delete, "/api/reports/dunmere-library"), Ct);
        deleted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        for (var i = 0; i < 300 && (await _http.GetAsync("/api/reports/dunmere-library/status", Ct)).StatusCode != HttpStatusCode.NotFound; i++) await Task.Delay(100, Ct);
        (await _http.GetAsync("/api/reports/dunmere-library", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        System.IO.File.Exists(Path.Combine(_corpus, "dunmere-library.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task AddReport_ThatLeavesNothingToIndex_IsSkippedWithTheReason()
    {
        using var added = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", File("only-furniture.txt", Encoding.UTF8.GetBytes("Read more stories like this one"))), Ct);
        added.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var status = await StatusWhenSettledAsync("only-furniture");
        status.GetProperty("status").GetString().ShouldBe("skipped");
        status.GetProperty("reason").GetString()!.ShouldContain("no text left to index");
        var ready = await _http.GetFromJsonAsync<JsonElement>("/health/ready", Ct);
        ready.GetProperty("skipped").EnumerateArray().ShouldContain(s => s.GetProperty("file").GetString() == "only-furniture.txt" && s.GetProperty("step").GetString() == "chunk");
    }

    [Fact]
    public async Task AddReport_WithoutTheKey_Is401_AndTheKeyIsNeverLogged()
    {
        using var none = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", JsonContent.Create(new { title = "t", text = "x" }), key: null), Ct);
        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await none.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldContain("Authorization: Bearer");
        using var wrong = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", JsonContent.Create(new { title = "t", text = "x" }), key: "wrong-key-wrong-key"), Ct);
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var delete = await _http.SendAsync(Request(HttpMethod.Delete, "/api/reports/valley-ledger-2026-03-04", key: null), Ct);
        delete.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        System.IO.File.Exists(Path.Combine(_corpus, "valley-ledger-2026-03-04.txt")).ShouldBeTrue();

        using var ok = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", JsonContent.Create(new { title = "Key check", text = "A sentence about the key check that is long enough." })), Ct);
        ok.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        _logs.Messages.ShouldNotContain(m => m.Message.Contains(Key));
    }

    [Fact]
    public async Task AddReport_BadInput_GetsAClearErrorAndWritesNothing()
    {
        var before = Directory.GetFiles(_corpus, "*", SearchOption.AllDirectories).Length;

        using var pdf = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", File("scan.pdf", [0x25, 0x50, 0x44, 0x46])), Ct);
        pdf.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await pdf.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldContain(".md");

        using var binary = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", File("scan.md", [0x25, 0x00, 0x44, 0x46])), Ct);
        binary.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await binary.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldContain("binary");

        using var large = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", File("big.txt", Encoding.UTF8.GetBytes(new string('a', 30_000)))), Ct);
        large.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await large.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldContain("20,000 bytes");

        using var noTitle = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", JsonContent.Create(new { text = "x" })), Ct);
        noTitle.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var badId = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", JsonContent.Create(new { id = "../etc/passwd", title = "t", text = "x" })), Ct);
        badId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var text = await _http.SendAsync(Request(HttpMethod.Post, "/api/reports", new StringContent("plain", Encoding.UTF8, "text/plain")), Ct);
        text.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await text.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString()!.ShouldContain("multipart/form-data");

        Directory.GetFiles(_corpus, "*", SearchOption.AllDirectories).Length.ShouldBe(before);
    }
}

/// <summary>Uploads are off unless configured.</summary>
[Collection("web")]
public sealed class UploadsOffTests(WebFixture web)
{
    [Fact]
    public async Task AddReport_WhenUploadsAreOff_Is404WithHowToTurnThemOn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(new { title = "t", text = "x" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "anything-at-all-here");
        using var response = await web.Http.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetString()!.ShouldContain("ReportBot:Uploads:Enabled");
        var page = await web.Http.GetFromJsonAsync<JsonElement>("/api/page", TestContext.Current.CancellationToken);
        page.GetProperty("uploadsEnabled").GetBoolean().ShouldBeFalse();
    }
}
