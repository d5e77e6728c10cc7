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

    private SqliteConversationStore NewStore(int maxTurns = 6, int expiryHours = 24) =>
        new(Options.Create(new ReportBotOptions { DataPath = _data }), Options.Create(new ConversationOptions { MaxTurns = maxTurns, ExpiryHours = expiryHours }), _clock);

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
