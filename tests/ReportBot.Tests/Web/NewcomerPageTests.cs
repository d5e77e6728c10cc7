using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>
/// Issue 19, as a newcomer meets the page: a bot on another corpus with uploads on (its own Kestrel socket), in Chromium at
/// desktop and phone sizes. The newcomer adds a report on the page, sees it indexed and asks about it; sample questions
/// come from the loaded reports; "New conversation" is there on a phone; a follow-up shows "Understood as: …" in plain
/// words; thumbs up/down with a comment is stored; copy works; a weak answer says its confidence is low.
/// </summary>
[Collection("web")]
public sealed class NewcomerPageTests(WebFixture web) : IAsyncLifetime
{
    private const string Key = "newcomer-upload-key-0123456789";
    private const float Timeout = 30_000;
    private string _corpus = null!;
    private BotFactory _bot = null!;
    private WebApplicationFactory<Program> _host = null!;
    private Uri _base = null!;
    private readonly List<string> _consoleErrors = [];

    public async ValueTask InitializeAsync()
    {
        _corpus = TestPaths.CopyOf(TestPaths.SecondCorpus);
        _bot = new BotFactory(web.Qdrant, _corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Uploads:Enabled"] = "true",
            ["ReportBot:Uploads:ApiKey"] = Key,
            ["ReportBot:SyncIntervalSeconds"] = "0",
            // The configured questions are about the first corpus: the page must not offer them here.
        });
        _host = _bot.WithWebHostBuilder(_ => { });
        _host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _host.StartServer();
        _base = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var http = new HttpClient { BaseAddress = _base };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(100);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _bot.DisposeAsync();
        Directory.Delete(_corpus, recursive: true);
        _consoleErrors.ShouldBeEmpty();
        web.BlockedRequests.ShouldBeEmpty();
    }

    private async Task<IPage> OpenAsync(int width, int height)
    {
        var browser = await web.BrowserAsync();
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        page.SetDefaultTimeout(Timeout);
        page.Console += (_, m) => { if (m.Type == "error") _consoleErrors.Add(m.Text); };
        page.PageError += (_, e) => _consoleErrors.Add(e);
        await page.GotoAsync(_base.ToString());
        return page;
    }

    private static async Task<ILocator> AskAsync(IPage page, string question)
    {
        var answers = page.Locator("article.answer");
        var count = await answers.CountAsync();
        await page.Locator("#question").FillAsync(question);
        await page.Locator("#question").PressAsync("Enter");
        var answer = answers.Nth(count);
        await answer.Locator("xpath=self::*[@data-state='done' or @data-state='error']").WaitForAsync();
        return answer;
    }

    [Theory]
    [InlineData(1200, 900, "desktop")]
    [InlineData(390, 844, "phone")]
    public async Task Newcomer_AddsAReportOnThePage_AndAsksAboutIt(int width, int height, string size)
    {
        var page = await OpenAsync(width, height);
        try
        {
            // Sample questions fit this corpus (the configured ones are about another), or there are none.
            await page.Locator("#samples-label").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            var samples = await page.Locator(".sample").AllTextContentsAsync();
            samples.ShouldNotContain(s => s.Contains("North Korea"));

            await page.Locator("#add-tab").ClickAsync();
            await page.Locator("#add-key").FillAsync(Key);
            var id = $"tidewater-{size}";
            await page.Locator("#add-files").SetInputFilesAsync(new FilePayload
            {
                Name = id + ".txt",
                MimeType = "text/plain",
                Buffer = System.Text.Encoding.UTF8.GetBytes($"Tidewater lock closes for repairs\n\nThe Tidewater canal lock at Ormsby will close for {(size == "phone" ? "nine" : "seven")} weeks of repairs from 4 May, the canal trust said on Friday.\n\n© 2026 Ormsby Echo\n"),
            });
            await page.Locator("#add-submit").ClickAsync();
            var item = page.Locator(".upload-item").First;
            await item.Locator("xpath=self::*[@data-status='indexed']").WaitForAsync();
            (await item.TextContentAsync())!.ShouldContain("Indexed");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebFixture.Screenshots, $"19-added-report-{size}.png") });

            await item.GetByText("Ask a question").ClickAsync();
            var answer = await AskAsync(page, "When will the Tidewater canal lock at Ormsby close?");
            (await answer.GetAttributeAsync("data-answerable")).ShouldBe("true");
            (await answer.Locator(".answer-body").TextContentAsync())!.ShouldContain(size == "phone" ? "nine weeks" : "seven weeks");
            (await answer.Locator(".source-title").AllTextContentsAsync()).ShouldContain("Tidewater lock closes for repairs");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebFixture.Screenshots, $"19-asked-about-it-{size}.png") });

            // "New conversation" is there at every size and clears the thread.
            var reset = page.Locator("#new-conversation");
            (await reset.IsVisibleAsync()).ShouldBeTrue();
            await reset.ClickAsync();
            (await page.Locator("article.answer").CountAsync()).ShouldBe(0);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Answer_FollowUpInPlainWords_FeedbackStored_CopyAndLowConfidenceNote()
    {
        var page = await OpenAsync(1200, 900);
        try
        {
            await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = _base.GetLeftPart(UriPartial.Authority) });
            var first = await AskAsync(page, "How many workers were killed in the Brackenford warehouse fire?");
            (await first.GetAttributeAsync("data-answerable")).ShouldBe("true");
            var second = await AskAsync(page, "And how many people were evacuated?");
            var understood = (await second.Locator(".understood").TextContentAsync())!;
            understood.ShouldStartWith("Understood as: ");
            understood.ShouldNotContain("(about:");

            await first.Locator(".copy").ClickAsync();
            await first.GetByText("Copied.").WaitForAsync();
            var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            copied.ShouldStartWith((await first.Locator(".answer-body").InnerTextAsync()).Split('\n')[0][..20]);
            copied.ShouldContain("Sources:");

            await first.Locator(".vote[data-reaction='dislike']").ClickAsync();
            await page.Locator(".feedback-form textarea").FillAsync("The count misses the third death.");
            await page.Locator(".feedback-form button[type=submit]").ClickAsync();
            await first.GetByText("Thanks for the feedback.").WaitForAsync();
            using (var db = new SqliteConnection($"Data Source={Path.Combine(_bot.DataPath, "teams.db")};Mode=ReadOnly"))
            {
                await db.OpenAsync(TestContext.Current.CancellationToken);
                await using var cmd = db.CreateCommand();
                cmd.CommandText = "SELECT reaction, feedback_text, question FROM feedback";
                await using var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                (await r.ReadAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
                r.GetString(0).ShouldBe("dislike");
                r.GetString(1).ShouldBe("The count misses the third death.");
                r.GetString(2).ShouldBe("How many workers were killed in the Brackenford warehouse fire?");
            }

            // A question only partly covered by the reports: answered, with the low-confidence note.
            using var http = new HttpClient { BaseAddress = _base };
            string[] candidates =
            [
                "How many people were taken to hospital after the fire and the chemical smoke cloud?",
                "How many people were treated for smoke inhalation after the fire near the river?",
            ];
            string? weak = null;
            foreach (var q in candidates)
            {
                var api = await (await http.PostAsJsonAsync("/api/chat", new { question = q }, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
                if (api.GetProperty("answerable").GetBoolean() && api.GetProperty("confidence").GetDouble() < 0.6) { weak = q; break; }
            }
            weak.ShouldNotBeNull("one of the partly covered questions is answered with low confidence");
            var weakAnswer = await AskAsync(page, weak);
            (await weakAnswer.Locator(".low-confidence").TextContentAsync())!.ShouldContain("Low confidence");
            (await first.Locator(".low-confidence").CountAsync()).ShouldBe(0);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
