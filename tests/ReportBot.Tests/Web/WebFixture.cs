using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>The web tests: one real Qdrant, one bot on a real Kestrel socket (127.0.0.1), one headless Chromium.</summary>
[CollectionDefinition("web")]
public sealed class WebCollection : ICollectionFixture<WebFixture>;

/// <summary>
/// The bot on the real corpus, listening on a free loopback port (Kestrel, not the in-memory TestServer, so a browser
/// can reach it and a disconnect is a real one). Answers are "typed" with a small pause between delta events so the
/// page can be seen streaming. Chromium starts on first use.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>Pause between delta events on this bot (ms).</summary>
    public const int DeltaDelayMs = 12;

    private readonly QdrantFixture _qdrant = new();
    private readonly SemaphoreSlim _browserGate = new(1, 1);
    private BotFactory _bot = null!;
    private WebApplicationFactory<Program> _host = null!;
    private IPlaywright? _playwright;
    private IBrowserContext? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Every log message of the bot.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Qdrant of this fixture (for other bots the web tests start).</summary>
    public QdrantFixture Qdrant => _qdrant;

    /// <summary>Folder for screenshots: <c>{test output}/artifacts/screenshots</c>.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        await _qdrant.InitializeAsync();
        _bot = new BotFactory(_qdrant, TestPaths.Corpus, new Dictionary<string, string?> { ["ReportBot:Web:StreamDeltaDelayMilliseconds"] = DeltaDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        _host = _bot.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(Logs)));
        _host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _host.StartServer();
        var address = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        if (!IPAddress.IsLoopback(IPAddress.Parse(BaseAddress.Host))) throw new InvalidOperationException("The bot must listen on loopback only: " + address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using var r = await Http.GetAsync("/health/ready");
            if (r.StatusCode == HttpStatusCode.OK) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The bot did not become ready.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The shared Chromium context (Debian's chromium, never a download; fresh profile; every request that is not to
    /// loopback is aborted).
    /// </summary>
    public async Task<IBrowserContext> BrowserAsync()
    {
        await _browserGate.WaitAsync();
        try
        {
            if (_browser is not null) return _browser;
            _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            var profile = TestPaths.NewTempFolder("chromium-profile");
            _browser = await _playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
                ColorScheme = ColorScheme.Light,
            });
            await _browser.RouteAsync("**/*", async route =>
            {
                var uri = new Uri(route.Request.Url);
                var local = uri.Scheme is "data" or "blob" || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)) || uri.Host == "localhost";
                if (local) await route.ContinueAsync();
                else
                {
                    BlockedRequests.Add(route.Request.Url);
                    await route.AbortAsync();
                }
            });
            return _browser;
        }
        finally
        {
            _browserGate.Release();
        }
    }

    /// <summary>Requests the page tried to make outside loopback (it should make none).</summary>
    public ConcurrentBag<string> BlockedRequests { get; } = [];

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        if (_bot is not null) await _bot.DisposeAsync();
        await _qdrant.DisposeAsync();
        _browserGate.Dispose();
    }
}

/// <summary>Collects the bot's log messages (category and text) for assertions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _messages = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Messages => [.. _messages];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
