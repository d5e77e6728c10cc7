using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReportBot.Core.Conversations;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>
/// The bot in Microsoft's own Teams client: the bot on Kestrel (127.0.0.1, free port, anonymous mode), the Microsoft 365
/// Agents Playground (<c>-c msteams</c>, loopback only through tools/playground-preload.js) and headless Chromium driving
/// its page: a question, its reply with citation badges and the "AI generated" label, then a follow-up in the same chat.
/// </summary>
[Collection("teams")]
public sealed class AgentsPlaygroundTests(QdrantFixture qdrant) : IAsyncLifetime
{
    private const string ConversationId = "reportbot-playground-test";
    private readonly StringBuilder _playgroundOutput = new();
    private readonly ReportBot.Tests.Web.LogCapture _logs = new();
    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private Process? _playground;
    private string _workDir = null!;
    private int _playgroundPort;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bot = new BotFactory(qdrant, TestPaths.Corpus, new Dictionary<string, string?> { ["ReportBot:Teams:AppId"] = "" });
        _bot.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _bot.StartServer();
        _client = await _bot.ReadyClientAsync();
        _bot.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().AddProvider(_logs);
        var botAddress = new Uri(_bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        botAddress.Host.ShouldBe("127.0.0.1");
        _workDir = TestPaths.NewTempFolder("playground");
        _playgroundPort = await StartPlaygroundAsync(botAddress);
    }

    public async ValueTask DisposeAsync()
    {
        if (_playground is { HasExited: false })
        {
            _playground.Kill(entireProcessTree: true);
            await _playground.WaitForExitAsync(CancellationToken.None);
        }
        _playground?.Dispose();
        await _bot.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }

    private async Task<int> StartPlaygroundAsync(Uri bot)
    {
        var tools = Path.Combine(TestPaths.RepositoryRoot, "tools");
        var cli = Path.Combine(tools, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        File.Exists(cli).ShouldBeTrue("run scripts/install-tools.sh first");
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-r", Path.Combine(tools, "playground-preload.js"), cli, "-e", new Uri(bot, "/api/messages").ToString(), "-c", "msteams",
                     "-p", port.ToString(), "--service-url", $"http://127.0.0.1:{port}/_connector", "--conversation-id", ConversationId, "--disable-telemetry" })
            start.ArgumentList.Add(a);
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(_workDir, "playground.log");
        _playground = Process.Start(start)!;
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (_playgroundOutput) _playgroundOutput.AppendLine(e.Data);
            if (Regex.Match(e.Data, @"Listening on (\d+)") is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value));
        }
        _playground.OutputDataReceived += OnLine;
        _playground.ErrorDataReceived += OnLine;
        _playground.BeginOutputReadLine();
        _playground.BeginErrorReadLine();
        var actual = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        // It silently moves to another port when its port is taken; then the service URL would be wrong.
        actual.ShouldBe(port, Output());
        return actual;
    }

    private string Output() { lock (_playgroundOutput) return _playgroundOutput.ToString(); }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private async Task<JsonElement> ChatAsync(string question, params (string Role, string Content)[] history)
    {
        using var r = await _client.PostAsJsonAsync("/api/chat", new { question, history = history.Select(h => new { role = h.Role, content = h.Content }) }, Ct);
        r.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
    }

    /// <summary>The start of the answer as the page shows it: before the first marker or Markdown emphasis.</summary>
    private static string VisibleLead(string answer)
    {
        var cut = answer.IndexOfAny(['[', '*', '\n']);
        var lead = (cut < 0 ? answer : answer[..cut]).Trim();
        return lead.Length > 40 ? lead[..40] : lead;
    }

    [Fact]
    public async Task Playground_ShowsTheAnswerWithCitations_AndAnswersAFollowUp()
    {
        const string first = "How many North Korean troops were sent to Russia?";
        const string second = "And how many of them were killed or wounded?";
        var expected = await ChatAsync(first);
        expected.GetProperty("citations").GetArrayLength().ShouldBeGreaterThan(0, "precondition: the question is answerable");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            // Launch gives every run a fresh temporary profile (Playwright refuses --user-data-dir here).
        });
        var context = await browser.NewContextAsync();
        // Only loopback: the page asks a CDN for fonts and works without them.
        await context.RouteAsync("**/*", route =>
            Uri.TryCreate(route.Request.Url, UriKind.Absolute, out var u) && (u.Scheme is "data" or "blob" || u.IsLoopback) ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync($"http://127.0.0.1:{_playgroundPort}/");
            await page.GetByText("Connected.").First.WaitForAsync(new() { Timeout = 60_000 });

            // First question: the reply carries the answer, a numbered badge per citation and the "AI generated" label.
            var reply1 = await AskAsync(page, first, VisibleLead(expected.GetProperty("answer").GetString()!));
            var badges = reply1.Locator("a[role=\"button\"]");
            var citations = expected.GetProperty("citations").EnumerateArray().ToList();
            var shown = (await badges.AllInnerTextsAsync()).Select(t => int.Parse(t.Trim())).ToHashSet();
            shown.ShouldBe(citations.Select(c => c.GetProperty("n").GetInt32()).Where(n => n <= 20).ToHashSet(), ignoreOrder: true);
            await page.GetByText("AI generated").First.WaitForAsync(new() { Timeout = 10_000 });
            // The chat is personal, so the reply went out streamed (informative update, then the final message in its
            // place), and the Playground took both: nothing fell back to a plain message.
            _logs.Messages.ShouldContain(m => m.Message.StartsWith("Teams: streamed reply closed by its final message", StringComparison.Ordinal));
            _logs.Messages.ShouldNotContain(m => m.Message.StartsWith("Teams: the reply is not streamed", StringComparison.Ordinal)
                                                 || m.Message.Contains("final message of a stream", StringComparison.Ordinal));

            // Hovering badge [1] shows its citation: the report's title and the start of the quote.
            var firstBadge = badges.First;
            var n = int.Parse(Regex.Match(await firstBadge.InnerTextAsync(), @"\d+").Value);
            var cited = citations.Single(c => c.GetProperty("n").GetInt32() == n);
            await firstBadge.HoverAsync();
            var popover = page.Locator(".fui-PopoverSurface").First;
            await popover.WaitForAsync(new() { Timeout = 10_000 });
            var popoverText = Regex.Replace(await popover.InnerTextAsync(), @"\s+", " ");
            var quoteStart = Regex.Replace(cited.GetProperty("quote").GetString()!, @"\s+", " ")[..30];
            popoverText.ShouldContain(quoteStart);
            popoverText.ShouldContain(Regex.Replace(cited.GetProperty("title").GetString()!, @"\s+", " ")[..Math.Min(30, cited.GetProperty("title").GetString()!.Length)]);
            await page.Mouse.MoveAsync(0, 0);

            // Second question in the same chat: answered from the conversation's history.
            var history = await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:" + ConversationId, Ct);
            history.Count.ShouldBe(2);
            var expectedFollowUp = await ChatAsync(second, ("user", first), ("assistant", history[1].Content));
            expectedFollowUp.GetProperty("rewrittenQuestion").GetString().ShouldNotBe(second);
            await AskAsync(page, second, VisibleLead(expectedFollowUp.GetProperty("answer").GetString()!));
            (await _bot.Services.GetRequiredService<IConversationStore>().GetHistoryAsync("teams:" + ConversationId, Ct)).Count.ShouldBe(4);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or ShouldAssertException)
        {
            var html = Path.Combine(Path.GetTempPath(), "reportbot-playground-failure.html");
            await File.WriteAllTextAsync(html, await page.ContentAsync(), CancellationToken.None);
            throw new InvalidOperationException($"{e.Message}\nPage saved to {html}\nPlayground output:\n{Output()}", e);
        }
    }

    /// <summary>Types <paramref name="question"/>, sends it, and returns the reply card that shows <paramref name="lead"/>.</summary>
    private static async Task<ILocator> AskAsync(IPage page, string question, string lead)
    {
        var box = page.Locator("[data-lexical-editor=\"true\"][role=\"textbox\"]");
        await box.ClickAsync();
        await box.PressSequentiallyAsync(question);
        await page.Locator("button[aria-label=\"Send Message\"]").ClickAsync();
        // The reply card (its paragraphs hold the text; [n] markers become citation badges).
        var reply = page.Locator(".fai-OutputCard").Filter(new() { Has = page.Locator("p", new() { HasText = lead }) }).Last;
        await reply.WaitForAsync(new() { Timeout = 60_000 });
        return reply;
    }
}
