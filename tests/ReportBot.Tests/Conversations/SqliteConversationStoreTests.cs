using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Conversations;
using ReportBot.Infrastructure.Conversations;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Conversations;

/// <summary>The conversation store: bounded turns, expiry, and history that survives a restart (a new store on the same file).</summary>
public sealed class SqliteConversationStoreTests : IDisposable
{
    private readonly string _data = TestPaths.NewTempFolder("conversations");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));

    private readonly ReportBot.Tests.Web.LogCapture _logs = new();

    private SqliteConversationStore NewStore(int maxTurns = 6, int expiryHours = 24, int maxConversations = 10_000) =>
        new(Options.Create(new ReportBotOptions { DataPath = _data }), Options.Create(new ConversationOptions { MaxTurns = maxTurns, ExpiryHours = expiryHours, MaxConversations = maxConversations }), _clock,
            new Microsoft.Extensions.Logging.Logger<SqliteConversationStore>(new Microsoft.Extensions.Logging.LoggerFactory([_logs])));

    [Fact]
    public async Task BeyondTheOverallCap_TheConversationsUntouchedTheLongestAreEvicted_WithALogLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = NewStore(maxConversations: 50);
        for (var i = 0; i < 500; i++)
        {
            await store.AppendAsync($"web:{i:D3}", new ChatTurn("user", new string('q', 2000)), new ChatTurn("assistant", new string('a', 4000)), ct);
            _clock.Advance(TimeSpan.FromSeconds(1));
            if (i == 100) await store.AppendAsync("teams:kept", new ChatTurn("user", "still here?"), new ChatTurn("assistant", "yes"), ct);
            if (i % 40 == 0) await store.AppendAsync("teams:kept", new ChatTurn("user", "touch"), new ChatTurn("assistant", "ok"), ct);
        }
        // The cap holds: the 49 newest web conversations and the one touched all along; the rest are gone.
        var restarted = NewStore(maxConversations: 50);
        (await restarted.GetHistoryAsync("web:499", ct)).Count.ShouldBe(2);
        (await restarted.GetHistoryAsync("web:451", ct)).Count.ShouldBe(2);
        (await restarted.GetHistoryAsync("web:450", ct)).ShouldBeEmpty();
        (await restarted.GetHistoryAsync("web:000", ct)).ShouldBeEmpty();
        (await restarted.GetHistoryAsync("teams:kept", ct)).ShouldNotBeEmpty();
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "conversations.db")};Mode=ReadOnly;Pooling=False"))
        {
            await c.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT COUNT(DISTINCT conversation) FROM turns";
            Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(50);
        }
        _logs.Messages.ShouldContain(m => m.Message.Contains("Conversation store full (50 conversations)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task History_IsKeptInOrder_BoundedToTheLastTurns_AndSurvivesARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = NewStore(maxTurns: 4);
        for (var i = 1; i <= 3; i++)
            await store.AppendAsync("web:a", new ChatTurn("user", $"q{i}"), new ChatTurn("assistant", $"a{i}"), ct);
        await store.AppendAsync("web:b", new ChatTurn("user", "other"), new ChatTurn("assistant", "x"), ct);

        var restarted = NewStore(maxTurns: 4);
        var history = await restarted.GetHistoryAsync("web:a", ct);
        history.Select(t => t.Content).ShouldBe(["q2", "a2", "q3", "a3"]);
        history.Select(t => t.Role).ShouldBe(["user", "assistant", "user", "assistant"]);
        (await restarted.GetHistoryAsync("web:b", ct)).Count.ShouldBe(2);
        (await restarted.GetHistoryAsync("unknown", ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task IdleConversations_Expire()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = NewStore(expiryHours: 2);
        await store.AppendAsync("slack:t:c:1", new ChatTurn("user", "q"), new ChatTurn("assistant", "a"), ct);
        _clock.Advance(TimeSpan.FromHours(1));
        (await store.GetHistoryAsync("slack:t:c:1", ct)).Count.ShouldBe(2);
        _clock.Advance(TimeSpan.FromHours(2));
        (await store.GetHistoryAsync("slack:t:c:1", ct)).ShouldBeEmpty();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
