using System.Collections.Concurrent;
using System.Diagnostics;
using ReportBot.Server.Channels;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Channels;

/// <summary>The relay between a model's checked pieces and a channel: throttled, coalesced, stopped or delayed by the channel.</summary>
public sealed class DraftRelayTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Sent(DraftUpdate Update, TimeSpan At);

    private static async Task FeedAsync(DraftRelay relay, int pieces, TimeSpan gap)
    {
        for (var i = 0; i < pieces; i++)
        {
            await relay.OnDeltaAsync($"piece {i}. ", CancellationToken.None);
            await Task.Delay(gap, Ct);
        }
    }

    [Fact]
    public async Task PiecesWrittenWithinTheInterval_GoOutTogether_AndUpdatesKeepTheInterval()
    {
        var clock = Stopwatch.StartNew();
        var sent = new ConcurrentQueue<Sent>();
        await using var relay = new DraftRelay((u, _) => { sent.Enqueue(new Sent(u, clock.Elapsed)); return Task.FromResult(DraftOutcome.Sent); }, Interval, TimeProvider.System, null, CancellationToken.None);
        await FeedAsync(relay, 30, TimeSpan.FromMilliseconds(10));
        var fed = clock.Elapsed;
        await Task.Delay(Interval * 2, Ct);
        await relay.CompleteAsync();

        var updates = sent.ToList();
        updates.Count.ShouldBeGreaterThanOrEqualTo(2);
        updates.Count.ShouldBeLessThanOrEqualTo((int)(fed / Interval) + 2, $"30 pieces in {fed.TotalMilliseconds:F0} ms, at most one update per 100 ms");
        updates.Select(u => u.Update.Number).ShouldBe(Enumerable.Range(1, updates.Count));
        for (var i = 1; i < updates.Count; i++)
        {
            (updates[i].At - updates[i - 1].At).ShouldBeGreaterThanOrEqualTo(Interval - TimeSpan.FromMilliseconds(5));
            updates[i].Update.Text.ShouldStartWith(updates[i - 1].Update.Text);
        }
        string.Concat(updates.Select(u => u.Update.Appended)).ShouldBe(updates[^1].Update.Text, "each update appends exactly what the previous ones did not carry");
        updates[^1].Update.Text.ShouldBe(string.Concat(Enumerable.Range(0, 30).Select(i => $"piece {i}. ")), "the last pieces went out once the interval allowed");
        relay.Updates.ShouldBe(updates.Count);
    }

    [Fact]
    public async Task ARefusal_StopsTheDraft()
    {
        var calls = 0;
        await using var relay = new DraftRelay((_, _) => { Interlocked.Increment(ref calls); return Task.FromResult(DraftOutcome.Refused); }, Interval, TimeProvider.System, null, CancellationToken.None);
        await FeedAsync(relay, 10, TimeSpan.FromMilliseconds(40));
        await relay.CompleteAsync();
        calls.ShouldBe(1);
        relay.Refused.ShouldBeTrue();
        relay.Updates.ShouldBe(0);
    }

    [Fact]
    public async Task AThrowingChannel_StopsTheDraft_NotTheAnswer()
    {
        await using var relay = new DraftRelay((_, _) => throw new InvalidOperationException("channel fault"), Interval, TimeProvider.System, null, CancellationToken.None);
        await FeedAsync(relay, 3, TimeSpan.FromMilliseconds(20));
        await relay.CompleteAsync();
        relay.Refused.ShouldBeTrue();
    }

    [Fact]
    public async Task RetryAfter_DelaysTheNextUpdate_WhichCarriesTheTextNotTaken()
    {
        var clock = Stopwatch.StartNew();
        var sent = new ConcurrentQueue<Sent>();
        var first = true;
        await using var relay = new DraftRelay((u, _) =>
        {
            sent.Enqueue(new Sent(u, clock.Elapsed));
            if (!first) return Task.FromResult(DraftOutcome.Sent);
            first = false;
            return Task.FromResult(DraftOutcome.Later(TimeSpan.FromMilliseconds(300)));
        }, Interval, TimeProvider.System, null, CancellationToken.None);
        await FeedAsync(relay, 20, TimeSpan.FromMilliseconds(25));
        await Task.Delay(Interval * 2, Ct);
        await relay.CompleteAsync();

        var updates = sent.ToList();
        updates.Count.ShouldBeGreaterThanOrEqualTo(2);
        // The relay waits by its clock (UTC time), this test measures with a stopwatch: the two may differ by a few ms.
        (updates[1].At - updates[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290), "Retry-After was honoured");
        updates[0].Update.Number.ShouldBe(1);
        updates[1].Update.Number.ShouldBe(1, "the refused update was not counted");
        updates[1].Update.Appended.ShouldStartWith(updates[0].Update.Appended);
        relay.Refused.ShouldBeFalse();
    }

    [Fact]
    public async Task Complete_WaitsForTheUpdateOnTheWire_AndNothingIsSentAfterIt()
    {
        var inFlight = new TaskCompletionSource();
        var finished = false;
        var calls = 0;
        var relay = new DraftRelay(async (_, _) =>
        {
            Interlocked.Increment(ref calls);
            inFlight.TrySetResult();
            await Task.Delay(150, Ct);
            finished = true;
            return DraftOutcome.Sent;
        }, Interval, TimeProvider.System, DateTimeOffset.UtcNow - Interval, CancellationToken.None);
        await relay.OnDeltaAsync("first. ", CancellationToken.None);
        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await relay.OnDeltaAsync("second. ", CancellationToken.None);
        await relay.CompleteAsync();
        finished.ShouldBeTrue("completion waited for the update being sent");
        await relay.OnDeltaAsync("third. ", CancellationToken.None);
        await Task.Delay(Interval * 2, Ct);
        calls.ShouldBe(1, "nothing is sent once the final message is on its way");
        await relay.DisposeAsync();
    }

    [Fact]
    public async Task AnInformativeUpdateJustSent_HoldsTheFirstDraftUpdateForTheInterval()
    {
        var clock = Stopwatch.StartNew();
        var at = TimeSpan.Zero;
        await using var relay = new DraftRelay((_, _) => { at = clock.Elapsed; return Task.FromResult(DraftOutcome.Sent); }, TimeSpan.FromMilliseconds(200), TimeProvider.System, DateTimeOffset.UtcNow, CancellationToken.None);
        await relay.OnDeltaAsync("first. ", CancellationToken.None);
        await Task.Delay(400, Ct);
        await relay.CompleteAsync();
        relay.Updates.ShouldBe(1);
        at.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190));
    }
}
