using Microsoft.Playwright;
using ReportBot.Core.Evaluation;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Evaluation;

/// <summary>
/// The report in a real browser: Debian's Chromium (scripts/install-browser.sh) driven by Playwright, offline, from a
/// file:// URL. The screenshots go to artifacts/screenshots.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task Report_OpensInChromium_WithTheSummaryAndAnExpandedQuestionVisible()
    {
        var before = ResultsFile.From(await SampleRuns.RunAsync());
        var run = await SampleRuns.RunAsync(worse: true);
        var folder = TestPaths.NewTempFolder("report");
        var reportPath = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(reportPath, HtmlReport.Render(run, Baseline.Compare(run, before)), TestContext.Current.CancellationToken);
        var screenshots = Path.Combine(TestPaths.RepositoryRoot, "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(TestPaths.NewTempFolder("chromium-profile"), new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // A self-contained report asks for nothing but itself.
        var requests = new List<string>();
        await browser.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal)) await route.ContinueAsync();
            else { lock (requests) requests.Add(route.Request.Url); await route.AbortAsync(); }
        });
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        await page.GotoAsync(new Uri(reportPath).AbsoluteUri);

        var summary = page.Locator("#summary");
        (await summary.IsVisibleAsync()).ShouldBeTrue();
        (await summary.Locator("h2").InnerTextAsync()).ShouldBe("Summary");
        (await summary.Locator(".card").First.InnerTextAsync()).ShouldContain("questions");
        (await page.Locator("#summary svg").First.IsVisibleAsync()).ShouldBeTrue();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "eval-report-summary.png") });

        var question = page.Locator("details.q", new PageLocatorOptions { Has = page.Locator("code.qid", new PageLocatorOptions { HasText = "reopen" }) });
        var answer = question.Locator(".answer");
        (await answer.IsVisibleAsync()).ShouldBeFalse();
        await question.Locator("summary").ClickAsync();
        (await answer.IsVisibleAsync()).ShouldBeTrue();
        (await answer.InnerTextAsync()).ShouldContain("The mill will reopen in May");
        // Markup in a report is shown as text, never rendered.
        var quote = question.Locator("blockquote").First;
        (await quote.InnerTextAsync()).ShouldStartWith(SampleRuns.Markup);
        (await quote.Locator("b, script").CountAsync()).ShouldBe(0);
        (await question.Locator("ul.failures li").First.InnerTextAsync()).ShouldBe("missing fact June");
        await question.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "eval-report-question.png") });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "eval-report-full.png"), FullPage = true });

        requests.ShouldBeEmpty();
        File.Exists(Path.Combine(screenshots, "eval-report-question.png")).ShouldBeTrue();
    }
}
