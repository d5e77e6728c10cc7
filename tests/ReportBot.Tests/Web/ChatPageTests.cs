using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>
/// The chat page in headless Chromium against the real bot: streaming with chips, passages, disagreements,
/// follow-ups, abstention, errors, keyboard-only use, the other views, phone width and dark theme. Each state is
/// saved as a screenshot under <c>artifacts/screenshots</c>.
/// </summary>
[Collection("web")]
public sealed class ChatPageTests(WebFixture web) : IAsyncLifetime
{
    private const string TroopQuestion = "How many North Korean troops were sent to Russia?";
    private const string FollowUp = "And how many of them were killed or wounded?";
    private const string OffTopic = "What is the best recipe for lemon cake?";
    private const float Timeout = 30_000;

    private readonly List<string> _consoleErrors = [];
    private bool _expectFailedLoads;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        var browser = await web.BrowserAsync();
        _page = await browser.NewPageAsync();
        _page.SetDefaultTimeout(Timeout);
        _page.Console += (_, m) => { if (m.Type == "error") _consoleErrors.Add(m.Text); };
        _page.PageError += (_, e) => _consoleErrors.Add(e);
        await _page.GotoAsync(web.BaseAddress.ToString());
        await _page.Locator(".sample").First.WaitForAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _page.CloseAsync();
        // Every test also checks that the page ran cleanly: no script error, no CSP violation, nothing fetched from outside.
        // (A test that makes the server fail expects the browser's own "Failed to load resource" line.)
        _consoleErrors.Where(e => !(_expectFailedLoads && e.StartsWith("Failed to load resource", StringComparison.Ordinal))).ShouldBeEmpty();
        web.BlockedRequests.ShouldBeEmpty();
    }

    private ILocator Answers => _page.Locator("article.answer");

    private async Task<ILocator> AskAsync(string question)
    {
        var count = await Answers.CountAsync();
        await _page.Locator("#question").FillAsync(question);
        await _page.Locator("#question").PressAsync("Enter");
        var answer = Answers.Nth(count);
        await answer.WaitForAsync();
        return answer;
    }

    private static Task DoneAsync(ILocator answer) =>
        answer.Locator("xpath=self::*[@data-state='done' or @data-state='error']").WaitForAsync();

    /// <summary>Saves what the viewport shows (as a person sees it), after scrolling <paramref name="focus"/> into view.</summary>
    private async Task ShotAsync(string name, ILocator? focus = null)
    {
        if (focus is not null) await focus.ScrollIntoViewIfNeededAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, name + ".png") });
    }

    private async Task<JsonNode> ChatAsync(string question)
    {
        using var response = await web.Http.PostAsJsonAsync("/api/chat", new { question }, TestContext.Current.CancellationToken);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Ask_AnswerStreamsInWithChipsSourcesAndTheDisagreementCallout()
    {
        var expected = await ChatAsync(TroopQuestion);
        var answer = await AskAsync(TroopQuestion);

        // Seen while streaming: part of the answer. Its [n] become chips once the citations are known (only markers of
        // citations that exist are chips, so none is made before the citations event).
        await answer.Locator("xpath=self::*[@data-state='streaming']//div[contains(@class,'answer-body')]/p").First.WaitForAsync();
        (await answer.GetAttributeAsync("aria-busy")).ShouldBe("true");
        await ShotAsync("01-answer-streaming");

        await DoneAsync(answer);
        (await answer.GetAttributeAsync("data-state")).ShouldBe("done");
        var citations = expected["citations"]!.AsArray();
        var chips = answer.Locator(".answer-body .chip");
        (await chips.CountAsync()).ShouldBeGreaterThanOrEqualTo(citations.Count);
        (await answer.Locator(".sources li").CountAsync()).ShouldBe(citations.Count);
        (await answer.Locator(".sources .source-title").First.TextContentAsync()).ShouldBe((string)citations[0]!["title"]!);
        await ShotAsync("02-answer-done");

        // The disagreement: one callout per disagreement, each side with its value and a passage link.
        var disagreements = expected["disagreements"]!.AsArray();
        disagreements.Count.ShouldBeGreaterThan(0, "this question currently yields a disagreement");
        var callouts = answer.Locator(".callout.disagreement");
        (await callouts.CountAsync()).ShouldBe(disagreements.Count);
        var claims = disagreements[0]!["claims"]!.AsArray();
        var sides = callouts.First.Locator(".side");
        (await sides.CountAsync()).ShouldBe(claims.Count);
        for (var i = 0; i < claims.Count; i++)
            (await sides.Nth(i).Locator(".side-value").TextContentAsync())!.ShouldStartWith((string)claims[i]!["value"]!);
        var newer = disagreements.SelectMany(d => d!["claims"]!.AsArray()).Count(c => (bool)c!["isNewer"]!);
        (await answer.Locator(".newer-badge").CountAsync()).ShouldBe(newer);
        await callouts.First.ScrollIntoViewIfNeededAsync();
        await callouts.First.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, "03-disagreement-callout.png") });

        // A side's passage link opens the passage of its citation.
        await sides.First.Locator(".link-button").ClickAsync();
        var dialog = _page.Locator("dialog#passage");
        await dialog.Locator("xpath=self::*[@data-state='ready']").WaitForAsync();
        var n = (int)claims[0]!["n"]!;
        var cited = citations.First(c => (int)c!["n"]! == n)!;
        (await dialog.Locator("mark").TextContentAsync()).ShouldBe((string)cited["quote"]!);
        await _page.Keyboard.PressAsync("Escape");
        (await dialog.IsVisibleAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task Chip_OpensThePassageInItsParagraphWithTheQuoteHighlighted_AndEscapeCloses()
    {
        var expected = await ChatAsync(TroopQuestion);
        var answer = await AskAsync(TroopQuestion);
        await DoneAsync(answer);

        var chip = answer.Locator(".answer-body .chip").First;
        var n = int.Parse((await chip.TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        var citation = expected["citations"]!.AsArray().First(c => (int)c!["n"]! == n)!;
        await chip.ClickAsync();

        var dialog = _page.Locator("dialog#passage");
        await dialog.Locator("xpath=self::*[@data-state='ready']").WaitForAsync();
        (await dialog.Locator("#passage-title").TextContentAsync()).ShouldBe((string)citation["title"]!);
        var meta = (await dialog.Locator("#passage-meta").TextContentAsync())!;
        if (citation["publisher"] is { } publisher) meta.ShouldContain((string)publisher!);
        meta.ShouldContain(((string)citation["published"]!)[..4]);
        (await dialog.Locator("mark").TextContentAsync()).ShouldBe((string)citation["quote"]!);
        // The surrounding paragraph is shown, not just the quote.
        var paragraph = (await dialog.Locator(".passage-body p.quoted").First.TextContentAsync())!;
        paragraph.ShouldContain((string)citation["quote"]!);
        await ShotAsync("04-passage");

        await _page.Keyboard.PressAsync("Escape");
        (await dialog.IsVisibleAsync()).ShouldBeFalse();
        (await chip.EvaluateAsync<bool>("el => el === document.activeElement")).ShouldBeTrue("focus returns to the chip");

        // "Read the whole report" opens the reader at the quote.
        await chip.ClickAsync();
        await dialog.Locator("xpath=self::*[@data-state='ready']").WaitForAsync();
        await dialog.Locator("#passage-open").ClickAsync();
        await _page.Locator("#view-reader .reader-text mark").WaitForAsync();
        (await _page.Locator("#view-reader .reader-text mark").TextContentAsync()).ShouldBe((string)citation["quote"]!);
        await ShotAsync("05-reader-at-quote");
    }

    [Fact]
    public async Task FollowUp_SendsTheHistoryAndConversationId_AndShowsTheRewrittenQuestion()
    {
        var bodies = new List<JsonNode>();
        _page.Request += (_, r) => { if (r.Url.EndsWith("/api/chat/stream", StringComparison.Ordinal)) bodies.Add(JsonNode.Parse(r.PostData!)!); };

        await DoneAsync(await AskAsync(TroopQuestion));
        var second = await AskAsync(FollowUp);
        await DoneAsync(second);

        bodies.Count.ShouldBe(2);
        bodies[0]["history"]!.AsArray().ShouldBeEmpty();
        var history = bodies[1]["history"]!.AsArray();
        history.Count.ShouldBe(2);
        ((string)history[0]!["role"]!).ShouldBe("user");
        ((string)history[0]!["content"]!).ShouldBe(TroopQuestion);
        ((string)history[1]!["role"]!).ShouldBe("assistant");
        // The first question asks the server for a conversation; the follow-up names the id the server issued.
        ((string)bodies[0]["conversationId"]!).ShouldBe("new");
        ((string)bodies[1]["conversationId"]!).ShouldMatch("^[0-9a-f]{64}$");

        (await Answers.CountAsync()).ShouldBe(2);
        var searched = (await second.Locator(".searched").TextContentAsync())!;
        searched.ShouldStartWith("Understood as: ");
        searched.ShouldNotContain(FollowUp);
        searched.ShouldNotContain("(about:");
        (await second.GetAttributeAsync("data-answerable")).ShouldBe("true");
        await ShotAsync("06-follow-up");
    }

    [Fact]
    public async Task OffTopicQuestion_ShowsTheReportsDontSayState()
    {
        var answer = await AskAsync(OffTopic);
        await DoneAsync(answer);
        (await answer.GetAttributeAsync("data-answerable")).ShouldBe("false");
        (await answer.Locator(".abstention h3").TextContentAsync()).ShouldBe("The reports don't say");
        (await answer.Locator(".chip").CountAsync()).ShouldBe(0);
        (await answer.Locator(".sources").CountAsync()).ShouldBe(0);
        await ShotAsync("07-abstention", answer);
    }

    [Fact]
    public async Task ServerError_IsShownInTheTurn_TheConversationStays_AndTryAgainAnswers()
    {
        await DoneAsync(await AskAsync(TroopQuestion));
        _expectFailedLoads = true;
        await _page.RouteAsync("**/api/chat/stream", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"status":503,"title":"The report index is unavailable","detail":"The search index cannot be reached right now. Try again in a few seconds."}""",
        }));
        var failed = await AskAsync(FollowUp);
        await DoneAsync(failed);
        (await failed.GetAttributeAsync("data-state")).ShouldBe("error");
        (await failed.Locator(".error-box").TextContentAsync())!.ShouldContain("cannot be reached");
        (await Answers.First.GetAttributeAsync("data-state")).ShouldBe("done", "the earlier answer is still there");
        (await _page.Locator(".turn .bubble").First.TextContentAsync()).ShouldBe(TroopQuestion);
        await ShotAsync("08-error", failed.Locator(".error-box"));

        await _page.UnrouteAsync("**/api/chat/stream");
        await failed.Locator(".error-box button").ClickAsync();
        await failed.Locator("xpath=self::*[@data-state='done']").WaitForAsync();
        (await Answers.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task KeyboardOnly_TabToTheQuestion_EnterToAsk_OpenAChip_EscapeToClose()
    {
        var order = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await _page.Keyboard.PressAsync("Tab");
            var focused = await _page.EvaluateAsync<string>("() => { const e = document.activeElement; return e.id || e.className || e.textContent.trim(); }");
            order.Add(focused);
            if (focused == "question") break;
        }
        order[0].ShouldBe("skip", "the skip link comes first");
        order.ShouldContain("sample");
        order[^1].ShouldBe("question");
        order.IndexOf("sample").ShouldBeLessThan(order.Count - 1);

        await _page.Keyboard.TypeAsync(TroopQuestion);
        await _page.Keyboard.PressAsync("Enter");
        var answer = Answers.First;
        await DoneAsync(answer);
        (await _page.EvaluateAsync<string>("() => document.activeElement.id")).ShouldBe("question", "focus stays in the question box");

        // Shift+Tab walks back from the question box into the answer, up to a citation chip.
        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await _page.Keyboard.PressAsync("Shift+Tab");
            reached = await _page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('chip')");
        }
        reached.ShouldBeTrue("a chip is reachable by keyboard");
        await _page.Keyboard.PressAsync("Enter");
        var dialog = _page.Locator("dialog#passage");
        await dialog.Locator("xpath=self::*[@data-state='ready']").WaitForAsync();
        (await _page.EvaluateAsync<bool>("() => document.getElementById('passage').contains(document.activeElement)")).ShouldBeTrue("focus moves into the passage");
        await ShotAsync("09-keyboard-passage");
        await _page.Keyboard.PressAsync("Escape");
        (await dialog.IsVisibleAsync()).ShouldBeFalse();
        (await _page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('chip')")).ShouldBeTrue("focus returns to the chip");
    }

    [Fact]
    public async Task DisagreementsView_RendersTheCorpusDisagreements()
    {
        await _page.Locator(".tabs a[data-view='disagreements']").ClickAsync();
        var body = _page.Locator("#disagreements-body");
        await body.Locator("xpath=self::*[@data-state='ready' or @data-state='error']").WaitForAsync();
        (await body.GetAttributeAsync("data-state")).ShouldBe("ready", await body.TextContentAsync());
        (await _page.Locator("#disagreements-title").IsVisibleAsync()).ShouldBeTrue();
        var callouts = await body.Locator(".callout.disagreement").CountAsync();
        var empty = await body.Locator(".empty").CountAsync();
        (callouts > 0 || empty == 1).ShouldBeTrue();
        for (var i = 0; i < callouts; i++)
            (await body.Locator(".callout.disagreement").Nth(i).Locator(".side").CountAsync()).ShouldBeGreaterThanOrEqualTo(2);
        await ShotAsync("10-disagreements-view");
    }

    [Fact]
    public async Task DisagreementsView_ShowsEachDisagreementOfTheApiShapeAsACalloutWithPassageLinks()
    {
        // The view's contract ({disagreements, citations}, claim n indexing citations), fed with a real answer's parts.
        var answer = await ChatAsync(TroopQuestion);
        var body = new JsonObject { ["disagreements"] = answer["disagreements"]!.DeepClone(), ["citations"] = answer["citations"]!.DeepClone() };
        await _page.RouteAsync("**/api/disagreements", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = body.ToJsonString() }));
        await _page.Locator(".tabs a[data-view='disagreements']").ClickAsync();
        var view = _page.Locator("#disagreements-body[data-state='ready']");
        await view.WaitForAsync();
        var disagreements = answer["disagreements"]!.AsArray();
        (await view.Locator(".callout.disagreement").CountAsync()).ShouldBe(disagreements.Count);
        var first = disagreements[0]!;
        (await view.Locator(".callout.disagreement h3").First.TextContentAsync())!.ShouldContain((string)first["topic"]!);
        var claim = first["claims"]![0]!;
        await view.Locator(".side .link-button").First.ClickAsync();
        var quote = (string)answer["citations"]!.AsArray().First(c => (int)c!["n"]! == (int)claim["n"]!)!["quote"]!;
        await _page.Locator("dialog#passage[data-state='ready'] mark").WaitForAsync();
        (await _page.Locator("dialog#passage mark").TextContentAsync()).ShouldBe(quote);
        await _page.Keyboard.PressAsync("Escape");
        await ShotAsync("10b-disagreements-view-from-an-answer");
    }

    [Fact]
    public async Task ReportsView_ListsTheCorpus_AndOpensAReader()
    {
        var list = (await web.Http.GetFromJsonAsync<JsonNode>("/api/reports", TestContext.Current.CancellationToken))!["reports"]!.AsArray();
        await _page.Locator(".tabs a[data-view='reports']").ClickAsync();
        var cards = _page.Locator(".report-card");
        await cards.First.WaitForAsync();
        (await cards.CountAsync()).ShouldBe(list.Count);
        await ShotAsync("11-reports");

        await cards.First.Locator("h2 a").ClickAsync();
        await _page.Locator("#view-reader .reader-text p").First.WaitForAsync();
        (await _page.Locator("#reader-title").TextContentAsync()).ShouldBe((string)list[0]!["title"]!);
        (await _page.Locator("#view-reader .reader-text p").CountAsync()).ShouldBeGreaterThan(0);
        await ShotAsync("12-reader");
    }

    [Fact]
    public async Task PhoneWidthInDarkTheme_IsReadableWithoutSideScrolling()
    {
        await _page.SetViewportSizeAsync(390, 844);
        await _page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await _page.ReloadAsync();
        await _page.Locator(".sample").First.WaitForAsync();
        await ShotAsync("13-phone-dark-start");
        var answer = await AskAsync(TroopQuestion);
        await DoneAsync(answer);
        (await _page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        var background = await _page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        background.ShouldNotBe("rgb(246, 245, 242)", "the dark theme follows the system");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, "14-phone-dark-answer.png") });
        await answer.Locator(".answer-body .chip").First.ClickAsync();
        await _page.Locator("dialog#passage[data-state='ready']").WaitForAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebFixture.Screenshots, "15-phone-dark-passage.png") });
    }
}
