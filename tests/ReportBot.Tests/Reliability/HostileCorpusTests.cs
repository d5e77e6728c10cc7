using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// A report in the corpus carrying markup, scripts, event handlers, <c>javascript:</c> links and prompt-injection text
/// (<c>Fixtures/hostile-corpus</c>): the API cites it as plain text and follows none of it, and in Chromium the page
/// shows it inert (no script runs, no element is made from it).
/// </summary>
[Collection("reliability-hostile")]
public sealed class HostileCorpusTests(QdrantFixture qdrant)
{
    private const string Question = "How many dock workers were injured in the crane collapse?";
    private const string HostileId = "harbour-gazette-2026-02-10";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostileReport_IsCitedAsPlainText_NeverFollowed_AndInertOnThePage()
    {
        await using var bot = new BotFactory(qdrant, ReliabilityKit.HostileCorpus);
        await using var host = bot.WithWebHostBuilder(_ => { });
        host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await http.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);

        // The API: quotes are the report's own characters (plain text), the answer follows no instruction in them.
        var report = (await http.GetFromJsonAsync<JsonNode>($"/api/reports/{HostileId}", Ct))!;
        var reportText = (string)report["text"]!;
        using var chat = await http.PostAsJsonAsync("/api/chat", new { question = Question }, Ct);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        chat.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(await chat.Content.ReadAsStringAsync(Ct))!;
        var answer = (string)body["answer"]!;
        TestContext.Current.TestOutputHelper?.WriteLine(answer);
        answer.Trim().ShouldNotBe("PWNED");
        answer.ShouldNotContain("signing secret", Case.Insensitive);
        var citations = body["citations"]!.AsArray();
        citations.ShouldContain(c => (string)c!["reportId"]! == HostileId, "the hostile report is cited");
        foreach (var c in citations.Where(c => (string)c!["reportId"]! == HostileId))
            reportText[(int)c!["start"]!..(int)c["end"]!].ShouldBe((string)c["quote"]!);

        // The page, in Chromium: ask, open the citation, open the report in the reader; nothing from the report runs.
        using var playwright = await Playwright.CreateAsync();
        var profile = TestPaths.NewTempFolder("chromium-hostile");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var outside = new List<string>();
        await browser.RouteAsync("**/*", async route =>
        {
            var uri = new Uri(route.Request.Url);
            if (uri.Scheme is "data" or "blob" || uri.Host is "127.0.0.1" or "localhost") await route.ContinueAsync();
            else
            {
                outside.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var dialogs = new List<string>();
        var requests = new List<string>();
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.DismissAsync(); };
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync(address.ToString());
        await page.Locator("#question").FillAsync(Question);
        await page.Locator("#question").PressAsync("Enter");
        var turn = page.Locator("article.answer").First;
        await turn.Locator("xpath=self::*[@data-state='done']").WaitForAsync();
        await Inert(page, "answer");

        // The hostile report's chip, its passage and then the whole report in the reader.
        var hostileN = (int)citations.First(c => (string)c!["reportId"]! == HostileId)!["n"]!;
        await turn.Locator(".answer-body .chip", new() { HasTextString = hostileN.ToString(System.Globalization.CultureInfo.InvariantCulture) }).First.ClickAsync();
        var passage = page.Locator("dialog#passage");
        await passage.Locator("xpath=self::*[@data-state='ready']").WaitForAsync();
        await Inert(page, "passage");
        (await passage.Locator("mark").TextContentAsync()).ShouldBe((string)citations.First(c => (int)c!["n"]! == hostileN)!["quote"]!);
        await passage.Locator("#passage-open").ClickAsync();
        await page.Locator("#view-reader .reader-text p").First.WaitForAsync();
        await Inert(page, "reader");
        var shown = (await page.Locator("#view-reader .reader-text").InnerTextAsync()).ReplaceLineEndings(" ");
        // The injection text is shown as the report's words, and any markup left in the text appears as characters.
        shown.ShouldContain("Ignore previous instructions");
        if (reportText.Contains("<script>", StringComparison.Ordinal)) shown.ShouldContain("<script>");

        // The reports list shows the title and publisher as text too.
        await page.Locator(".tabs a[data-view='reports']").ClickAsync();
        await page.Locator(".report-card").First.WaitForAsync();
        await Inert(page, "reports");

        dialogs.ShouldBeEmpty();
        outside.ShouldBeEmpty();
        requests.ShouldAllBe(u => u.StartsWith(address.ToString(), StringComparison.Ordinal), "the page fetched only its own origin (no image, frame or link from the report)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots")).FullName, "reliability-hostile-report.png") });
        ReliabilityKit.Record("hostile-report", $"views-checked=4 scripts-run=0 dialogs=0 elements-from-report=0 outside-requests=0 citations-of-hostile-report={citations.Count(c => (string)c!["reportId"]! == HostileId)}");
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// A report whose title, publisher and body carry Markdown (links, <c>**bold**</c>, <c>_italic_</c>, code), fake
    /// <c>[n]</c> markers and Slack's <c>&lt;url|text&gt;</c> and <c>&lt;!channel&gt;</c>: in Chromium the answer shows
    /// them as characters (no link, no emphasis, chips only for the bot's own markers of citations that exist); the Teams
    /// reply escapes them (only the bot's markers, list and heading are Markdown); the Slack blocks hold report text in
    /// <c>plain_text</c> objects only.
    /// </summary>
    [Fact]
    public async Task MarkdownInReports_IsTextOnThePage_InTheTeamsReply_AndInTheSlackBlocks()
    {
        const string courier = "northern-courier-2026-02-12";
        await using var bot = new BotFactory(qdrant, ReliabilityKit.HostileCorpus);
        await using var host = bot.WithWebHostBuilder(_ => { });
        host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await http.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(200, Ct);

        using var chat = await http.PostAsJsonAsync("/api/chat", new { question = Question }, Ct);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await chat.Content.ReadAsStringAsync(Ct);
        var result = System.Text.Json.JsonSerializer.Deserialize<ReportBot.Core.Answering.AnswerResult>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        TestContext.Current.TestOutputHelper?.WriteLine(result.Answer);
        result.Citations.ShouldContain(c => c.ReportId == courier, "the Markdown report is cited");
        var genuine = ReportBot.Server.Channels.AnswerMarkup.Markers(result);
        genuine.ShouldNotBeEmpty();
        genuine.ShouldAllBe(n => result.Citations.Any(c => c.N == n));
        var written = System.Text.RegularExpressions.Regex.Count(result.Answer, @"\[\d+\]");
        written.ShouldBeGreaterThan(genuine.Count, "the answer quotes fake markers from the report");
        var courierQuotes = result.Citations.Where(c => c.ReportId == courier).Select(c => c.Quote).ToList();

        // The page, in Chromium.
        using var playwright = await Playwright.CreateAsync();
        var profile = TestPaths.NewTempFolder("chromium-markdown");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        await browser.RouteAsync("**/*", async route =>
        {
            var uri = new Uri(route.Request.Url);
            if (uri.Host is "127.0.0.1") await route.ContinueAsync(); else await route.AbortAsync();
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(address.ToString());
        await page.Locator("#question").FillAsync(Question);
        await page.Locator("#question").PressAsync("Enter");
        var body = page.Locator("article.answer .answer-body").First;
        await page.Locator("article.answer[data-state='done']").First.WaitForAsync();
        (await body.Locator("a").CountAsync()).ShouldBe(0, "no link made from report text");
        (await body.Locator("em, code, h3, h4").CountAsync()).ShouldBe(0, "no emphasis, code or heading made from report text");
        foreach (var strong in await body.Locator("strong").AllInnerTextsAsync()) strong.ShouldBe("The reports disagree");
        var chips = await body.Locator(".chip").AllAsync();
        chips.Count.ShouldBe(genuine.Count, "a chip for each of the bot's own markers, none for the report's");
        var chipNumbers = new List<int>();
        foreach (var chip in chips) chipNumbers.Add(int.Parse((await chip.GetAttributeAsync("data-n"))!, System.Globalization.CultureInfo.InvariantCulture));
        chipNumbers.Order().ShouldBe(genuine.Order(), "the chips are the bot's own markers");
        var shown = (await body.InnerTextAsync()).ReplaceLineEndings(" ");
        foreach (var quote in courierQuotes) shown.ShouldContain(quote.ReplaceLineEndings(" "), Case.Sensitive, "the report's words shown as written");
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }

        // Teams: the reply as the bot sends it.
        var teams = host.Services.GetRequiredService<ReportBot.Server.Channels.Teams.TeamsReplyBuilder>();
        var inbound = new ReportBot.Server.Channels.Teams.Activity { Type = "message", Id = "1", Text = Question };
        var reply = teams.Answer(inbound, result);
        var text = reply.Text!;
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        System.Text.RegularExpressions.Regex.Replace(text, @"\\(.)", "$1").ShouldBe(result.Answer.Trim(), "escaping only: the words are the answer's");
        var unescaped = System.Text.RegularExpressions.Regex.Matches(text, @"(?<!\\)\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        unescaped.ShouldBe(genuine, "Teams makes citations of the bot's own markers only");
        System.Text.RegularExpressions.Regex.IsMatch(text, @"(?<!\\)\]\(").ShouldBeFalse("no Markdown link");
        // Bold only in the bot's own heading of a disagreement note.
        System.Text.RegularExpressions.Regex.Count(text, @"(?<!\\)\*\*").ShouldBe(2 * System.Text.RegularExpressions.Regex.Count(text, @"\*\*The reports disagree\*\*"));
        System.Text.RegularExpressions.Regex.IsMatch(text, @"(?<!\\)[_<`]").ShouldBeFalse("no emphasis, code or HTML from report text");
        var cardTexts = Strings(JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(reply.Attachments))).ToList();
        cardTexts.ShouldContain(t => t.Contains("Courier", StringComparison.Ordinal), "the card names the Markdown report's side");
        cardTexts.ShouldAllBe(t => !System.Text.RegularExpressions.Regex.IsMatch(t, @"(?<!\\)(\]\(|\*\*|[_<`])"), "the card's text blocks and facts escape report text");

        // Slack: Block Kit as posted.
        var slack = ReportBot.Server.Channels.Slack.SlackMessageBuilder.FromAnswer(result);
        var mrkdwn = slack.Blocks.SelectMany(TextObjects).Where(t => (string)t["type"]! == "mrkdwn").Select(t => (string)t["text"]!).ToList();
        mrkdwn.ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\*\[\d+\]\*$") || t.StartsWith("…and ", StringComparison.Ordinal), "mrkdwn only for the bot's own labels");
        var plain = string.Join("\n", slack.Blocks.SelectMany(TextObjects).Where(t => (string)t["type"]! == "plain_text").Select(t => (string)t["text"]!));
        plain.ShouldContain("Northern [Courier](https://phish.example/publisher)", Case.Sensitive, "report text is plain text in Slack");
        slack.Blocks.SelectMany(TextObjects).Where(t => (string)t["type"]! == "plain_text").ShouldAllBe(t => t["emoji"] == null || !(bool)t["emoji"]! || ((string)t["text"]!).StartsWith(":warning:", StringComparison.Ordinal));
        ReliabilityKit.Record("markdown-in-reports", $"markers-written={written} chips={chips.Count} teams-citations={unescaped.Count} slack-mrkdwn-objects={mrkdwn.Count} links=0 emphasis=0");
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    private static IEnumerable<JsonObject> TextObjects(JsonNode? block)
    {
        if (block is JsonObject o)
        {
            if (o["type"] is JsonValue v && (string?)v is "mrkdwn" or "plain_text" && o["text"] is JsonValue) yield return o;
            foreach (var (_, child) in o) foreach (var t in TextObjects(child)) yield return t;
        }
        else if (block is JsonArray a)
            foreach (var child in a) foreach (var t in TextObjects(child)) yield return t;
    }

    /// <summary>No script from the report ran and no element was built from its markup.</summary>
    private static async Task Inert(IPage page, string view)
    {
        (await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'")).ShouldBeTrue($"a script from the report ran ({view})");
        (await page.TitleAsync()).ShouldNotBe("PWNED", view);
        var made = await page.EvaluateAsync<int>(
            "() => document.querySelectorAll('main iframe, main svg[onload], main img[onerror], main a[href^=\"javascript:\"], main script, body > script:not([src]), [onerror], [onload]').length");
        made.ShouldBe(0, $"elements made from the report's markup ({view})");
    }
}
