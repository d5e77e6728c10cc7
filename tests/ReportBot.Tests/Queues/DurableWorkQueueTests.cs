using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ReportBot.Infrastructure.Queues;
using ReportBot.Server.Channels.Slack;
using ReportBot.Server.Channels.Teams;
using ReportBot.Tests.Support;
using ReportBot.Tests.Web;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Queues;

/// <summary>
/// The channels' durable work queue on a real SQLite file in a temp folder: what survives a reopen, leases, poison items,
/// stale items, capacity, and the worker loop (woken at once by an enqueue, lease renewed while working, draining on
/// stop). Stored times come from a clock the test moves; waits use real time.
/// </summary>
public sealed class DurableWorkQueueTests : IDisposable
{
    private readonly string _folder = TestPaths.NewTempFolder("queue");
    private readonly TestClock _clock = new();
    private readonly LogCapture _logs = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DbPath => Path.Combine(_folder, DurableWorkQueue.FileName);

    private DurableWorkQueue Open(string name = "test", int capacity = 64, int maxAttempts = 3, int maxAgeMinutes = 60, int leaseSeconds = 30) =>
        new(DurableWorkQueue.OpenDatabase(DbPath), name, capacity,
            new WorkQueueOptions { MaxAttempts = maxAttempts, MaxAgeMinutes = maxAgeMinutes, LeaseSeconds = leaseSeconds }, _clock, _logs.CreateLogger("queue"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Enqueued_SurvivesReopen_InOrder_AndStaysUntilDone()
    {
        using (var before = Open())
        {
            for (var i = 1; i <= 3; i++)
                (await before.TryEnqueueAsync("payload " + i, TimeSpan.Zero, Ct)).ShouldBeTrue();
            // Claimed but never settled: the process dies with it in hand.
            (await before.TryClaimAsync(Ct))!.Payload.ShouldBe("payload 1");
        }
        SqliteConnection.ClearAllPools(); // nothing of the first "process" stays open

        using var after = Open();
        (await after.CountAsync(waitingOnly: false, Ct)).ShouldBe(3);
        (await after.RecoverAsync(Ct)).ShouldBe(3);
        _logs.Messages.ShouldContain(m => m.Message == "Queue test: 3 items left from before the start will be answered");
        (await after.TryClaimAsync(Ct))!.Payload.ShouldBe("payload 2", "the first is still leased by the dead process");
        var third = (await after.TryClaimAsync(Ct))!;
        third.Payload.ShouldBe("payload 3");
        await after.SettleAsync(third, WorkOutcome.Done);
        (await after.CountAsync(waitingOnly: false, Ct)).ShouldBe(2, "only what is done is removed");

        // Queues share the file, each under its own name.
        using var other = Open("other");
        (await other.TryClaimAsync(Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Database_IsWalWithFullSync_SoAnAcknowledgedItemSurvivesAPowerLoss()
    {
        using var queue = Open();
        var db = DurableWorkQueue.OpenDatabase(DbPath);
        await using (var c = db.Open())
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA journal_mode";
            (await cmd.ExecuteScalarAsync(Ct)).ShouldBe("wal");
            cmd.CommandText = "PRAGMA synchronous";
            (await cmd.ExecuteScalarAsync(Ct)).ShouldBe(2L, "FULL: the WAL is fsynced at every commit");
        }

        // What that costs: one fsync per enqueue, on this machine's disk.
        var times = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var watch = Stopwatch.StartNew();
            (await queue.TryEnqueueAsync("item " + i, TimeSpan.Zero, Ct)).ShouldBeTrue();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        ReportBot.Tests.Reliability.ReliabilityKit.Record("queue-enqueue-fsync", $"enqueues=40 median-ms={times[times.Count / 2]:F1} max-ms={times[^1]:F1} synchronous=FULL journal=wal");
        times[times.Count / 2].ShouldBeLessThan(500, "far inside the acknowledgement budgets (Slack 3 s, Teams 15 s)");
    }

    [Fact]
    public async Task ExpiredLease_DeliversTheItemAgain_WithTheAttemptCounted()
    {
        using var queue = Open(leaseSeconds: 30);
        await queue.TryEnqueueAsync("question", TimeSpan.Zero, Ct);
        var first = (await queue.TryClaimAsync(Ct))!;
        first.Attempt.ShouldBe(1);
        (await queue.TryClaimAsync(Ct)).ShouldBeNull("leased");

        _clock.Advance(TimeSpan.FromSeconds(29));
        await queue.RenewAsync(first.Id, Ct); // a live worker renews its lease
        _clock.Advance(TimeSpan.FromSeconds(29));
        (await queue.TryClaimAsync(Ct)).ShouldBeNull("the renewed lease still holds");

        _clock.Advance(TimeSpan.FromSeconds(2)); // the worker is gone: no more renewals
        var again = (await queue.TryClaimAsync(Ct))!;
        again.Id.ShouldBe(first.Id);
        again.Payload.ShouldBe("question");
        again.Attempt.ShouldBe(2);
    }

    [Fact]
    public async Task FailedItem_IsRetriedAfterADelay_ThenDroppedAfterMaxAttempts_WithALogLine()
    {
        using var queue = Open(maxAttempts: 3);
        await queue.TryEnqueueAsync("payload-7f3a", TimeSpan.Zero, Ct);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var item = (await queue.TryClaimAsync(Ct))!;
            item.Attempt.ShouldBe(attempt);
            await queue.SettleAsync(item, WorkOutcome.Failed);
            (await queue.TryClaimAsync(Ct)).ShouldBeNull("a failed item waits before it is tried again");
            _clock.Advance(DurableWorkQueue.RetryDelay * attempt);
        }
        (await queue.CountAsync(waitingOnly: false, Ct)).ShouldBe(0);
        _logs.Messages.ShouldContain(m => m.Level == LogLevel.Error && m.Message.StartsWith("Queue test: dropped item ", StringComparison.Ordinal)
                                          && m.Message.EndsWith(" after 3 failed attempts (poison)", StringComparison.Ordinal));
        _logs.Messages.ShouldNotContain(m => m.Message.Contains("payload-7f3a", StringComparison.Ordinal), "the payload is never logged");
    }

    [Fact]
    public async Task ItemThatKillsItsWorkerEveryTime_IsDroppedAfterMaxAttempts()
    {
        using var queue = Open(maxAttempts: 3, leaseSeconds: 10);
        await queue.TryEnqueueAsync("kills the process", TimeSpan.Zero, Ct);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (await queue.TryClaimAsync(Ct))!.Attempt.ShouldBe(attempt); // claimed, never settled: the process died
            _clock.Advance(TimeSpan.FromSeconds(11));                     // restarted; the dead worker's lease runs out
        }
        await queue.TryEnqueueAsync("fine", TimeSpan.Zero, Ct);
        var next = (await queue.TryClaimAsync(Ct))!;
        next.Payload.ShouldBe("fine", "the poison item is dropped on the way");
        _logs.Messages.ShouldContain(m => m.Message.EndsWith(" after 3 attempts that did not finish (poison)", StringComparison.Ordinal));
        (await queue.CountAsync(waitingOnly: false, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task ItemsOlderThanMaxAge_AreDroppedAtStartUp_AndWhenClaimed_WithALogLine()
    {
        using (var before = Open(maxAgeMinutes: 60))
        {
            await before.TryEnqueueAsync("old", TimeSpan.Zero, Ct);
            _clock.Advance(TimeSpan.FromMinutes(30));
            await before.TryEnqueueAsync("recent", TimeSpan.Zero, Ct);
        }
        _clock.Advance(TimeSpan.FromMinutes(31));
        using var queue = Open(maxAgeMinutes: 60);
        (await queue.RecoverAsync(Ct)).ShouldBe(1);
        _logs.Messages.ShouldContain(m => m.Level == LogLevel.Warning && m.Message == "Queue test: dropped 1 items left from before the start, older than 60 minutes (too late to answer)");

        // One that grows too old while it waits (say, every worker was busy) is dropped when its turn comes.
        _clock.Advance(TimeSpan.FromMinutes(30));
        (await queue.TryClaimAsync(Ct)).ShouldBeNull();
        _logs.Messages.ShouldContain(m => m.Message.Contains("61 minutes old (older than 60 minutes: too late to answer)", StringComparison.Ordinal));
        (await queue.CountAsync(waitingOnly: false, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Capacity_CountsWaitingItems_WaitsForRoomAtMostMaxWait_AndAClosedQueueTakesNothing()
    {
        using var queue = Open(capacity: 2);
        (await queue.TryEnqueueAsync("1", TimeSpan.Zero, Ct)).ShouldBeTrue();
        (await queue.TryEnqueueAsync("2", TimeSpan.Zero, Ct)).ShouldBeTrue();
        (await queue.TryEnqueueAsync("3", TimeSpan.Zero, Ct)).ShouldBeFalse("full");

        var refused = Stopwatch.StartNew();
        (await queue.TryEnqueueAsync("3", TimeSpan.FromMilliseconds(300), Ct)).ShouldBeFalse("still full after the wait");
        refused.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));

        // A worker takes one while a request waits: the request gets its room at once.
        var waiting = queue.TryEnqueueAsync("3", TimeSpan.FromSeconds(5), Ct);
        await Task.Delay(200, Ct);
        waiting.IsCompleted.ShouldBeFalse();
        var taken = Stopwatch.StartNew();
        var item = (await queue.TryClaimAsync(Ct))!;
        (await waiting).ShouldBeTrue("an item being worked on does not count against the capacity");
        taken.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        (await queue.CountAsync(waitingOnly: true, Ct)).ShouldBe(2);
        (await queue.CountAsync(waitingOnly: false, Ct)).ShouldBe(3);

        await queue.SettleAsync(item, WorkOutcome.Done);
        await queue.SettleAsync((await queue.TryClaimAsync(Ct))!, WorkOutcome.Done);
        queue.Close();
        (await queue.TryEnqueueAsync("after close", TimeSpan.FromSeconds(5), Ct)).ShouldBeFalse("closed: refused at once");
        (await queue.TryClaimAsync(Ct))!.Payload.ShouldBe("3", "what is stored can still be claimed");
    }

    [Fact]
    public async Task InterruptedItem_GoesBackWithoutCountingTheAttempt()
    {
        using var queue = Open(maxAttempts: 1);
        await queue.TryEnqueueAsync("interrupted by a shutdown", TimeSpan.Zero, Ct);
        for (var i = 0; i < 3; i++)
        {
            var item = (await queue.TryClaimAsync(Ct))!;
            item.Attempt.ShouldBe(1);
            await queue.SettleAsync(item, WorkOutcome.Interrupted);
        }
        (await queue.CountAsync(waitingOnly: true, Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Worker_IsWokenAtOnceByAnEnqueue_RenewsItsLease_AndDrainsTheQueueWhenStopping()
    {
        var clock = TimeProvider.System;
        using var queue = new DurableWorkQueue(DurableWorkQueue.OpenDatabase(DbPath), "loop", 64,
            new WorkQueueOptions { LeaseSeconds = 3 }, clock, _logs.CreateLogger("queue"));
        using var rival = new DurableWorkQueue(DurableWorkQueue.OpenDatabase(DbPath), "loop", 64,
            new WorkQueueOptions { LeaseSeconds = 3 }, clock, _logs.CreateLogger("queue"));
        var handled = new List<(string Payload, TimeSpan At)>();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Stopwatch.StartNew();
        async Task<WorkOutcome> Handle(WorkItem item, CancellationToken ct)
        {
            if (item.Payload == "slow") await slow.Task.WaitAsync(ct);
            lock (handled) handled.Add((item.Payload, watch.Elapsed));
            return WorkOutcome.Done;
        }
        using var stopping = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        var worker = queue.RunWorkerAsync(Handle, stopping.Token, abort.Token);

        // Idle, the worker waits on the signal; an enqueue wakes it at once (the lease, 3 s, is the only timer it has).
        await Task.Delay(300, Ct);
        var enqueued = watch.Elapsed;
        await queue.TryEnqueueAsync("quick", TimeSpan.Zero, Ct);
        await WaitUntilAsync(() => handled.Count == 1);
        (handled[0].At - enqueued).ShouldBeLessThan(TimeSpan.FromMilliseconds(500));

        // A slow item outlives its lease: the worker renews it, so nobody else takes it meanwhile.
        await queue.TryEnqueueAsync("slow", TimeSpan.Zero, Ct);
        await Task.Delay(TimeSpan.FromSeconds(4), Ct);
        (await rival.TryClaimAsync(Ct)).ShouldBeNull("renewed while the worker works on it");

        // Stopping: the worker finishes the slow item and what was queued behind it, then returns.
        await queue.TryEnqueueAsync("queued behind", TimeSpan.Zero, Ct);
        await stopping.CancelAsync();
        queue.Close();
        await Task.Delay(100, Ct);
        worker.IsCompleted.ShouldBeFalse();
        slow.SetResult();
        await worker.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        handled.Select(h => h.Payload).ShouldBe(["quick", "slow", "queued behind"]);
        (await queue.CountAsync(waitingOnly: false, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Worker_WhenTheShutdownTimeoutIsOver_PutsBackWhatItHolds_AndTheRestStays()
    {
        using var queue = Open(maxAttempts: 1);
        await queue.TryEnqueueAsync("in hand", TimeSpan.Zero, Ct);
        await queue.TryEnqueueAsync("not started", TimeSpan.Zero, Ct);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<WorkOutcome> Handle(WorkItem item, CancellationToken ct)
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // e.g. a connector that never answers
            return WorkOutcome.Done;
        }
        using var stopping = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        var worker = queue.RunWorkerAsync(Handle, stopping.Token, abort.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await stopping.CancelAsync();
        await abort.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        (await queue.CountAsync(waitingOnly: true, Ct)).ShouldBe(2, "both stay, claimable at once");
        var first = (await queue.TryClaimAsync(Ct))!;
        first.Payload.ShouldBe("in hand");
        first.Attempt.ShouldBe(1, "an interrupted attempt is not counted (MaxAttempts = 1 and it is still there)");
    }

    [Fact]
    public void TeamsActivity_RoundTripsThroughTheQueue_WithEverythingTheReplyNeeds()
    {
        const string json = """
            {"type":"message","id":"1700000000001","serviceUrl":"https://smba.trafficmanager.net/emea/","channelId":"msteams",
             "from":{"id":"29:user","name":"A User","aadObjectId":"00000000-0000-0000-0000-000000000001"},
             "conversation":{"id":"a:1x2y3z","isGroup":true,"conversationType":"groupChat","tenantId":"t-1","name":"Room"},
             "recipient":{"id":"28:bot","name":"ReportBot"},"text":"<at>ReportBot</at> How many troops?","replyToId":"1699999999999",
             "locale":"en-GB","entities":[{"type":"mention","mentioned":{"id":"28:bot","name":"ReportBot"},"text":"<at>ReportBot</at>"}],
             "channelData":{"tenant":{"id":"t-1"}},"value":{"x":1},"membersAdded":[{"id":"28:bot"}]}
            """;
        var activity = JsonSerializer.Deserialize<Activity>(json, ActivityJson.Options)!;
        var back = TeamsActivityQueue.Deserialize(TeamsActivityQueue.Serialize(new QueuedActivity(activity, Authenticated: true)))!;
        back.Authenticated.ShouldBeTrue();
        JsonSerializer.Serialize(back.Activity, ActivityJson.Options).ShouldBe(JsonSerializer.Serialize(activity, ActivityJson.Options));
        back.Activity.ServiceUrl.ShouldBe("https://smba.trafficmanager.net/emea/");
        back.Activity.Conversation!.Id.ShouldBe("a:1x2y3z");
        back.Activity.Conversation.TenantId.ShouldBe("t-1");
        back.Activity.Id.ShouldBe("1700000000001");
        back.Activity.ReplyToId.ShouldBe("1699999999999");
        back.Activity.From!.Id.ShouldBe("29:user");
        back.Activity.Recipient!.Name.ShouldBe("ReportBot");
        TeamsBot.QuestionText(back.Activity).ShouldBe("How many troops?");
        TeamsActivityQueue.Deserialize("not json").ShouldBeNull();
    }

    [Fact]
    public void SlackQuestion_RoundTripsThroughTheQueue_IncludingTheResponseUrl()
    {
        var command = SlackQuestion.FromCommand("T1", "C1", "trig.1", "What happened?", new Uri("https://hooks.slack.com/commands/T1/123/abcSECRET"));
        SlackAnswerQueue.Deserialize(SlackAnswerQueue.Serialize(command)).ShouldBe(command);
        var thread = SlackQuestion.InThread("T1", "C1", "1700000000.000100", "And then?");
        SlackAnswerQueue.Deserialize(SlackAnswerQueue.Serialize(thread)).ShouldBe(thread);
        SlackAnswerQueue.Deserialize("{}").ShouldBeNull();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>A clock the test moves (timers and waits still run on real time).</summary>
    private sealed class TestClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
