using ReportBot.Server.Channels.Slack;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Slack;

/// <summary>The memory of accepted (timestamp, signature) pairs: a pair is accepted once within its window, and the memory stays bounded.</summary>
public sealed class SlackReplayGuardTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void SamePair_IsAcceptedOnce_OtherSignaturesAndTimestampsAreNotReplays()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var guard = new SlackReplayGuard(clock);
        var ts = clock.Now.ToUnixTimeSeconds();
        guard.TryClaim(ts, "v0=aa", Window).ShouldBeTrue();
        guard.TryClaim(ts, "v0=aa", Window).ShouldBeFalse();
        guard.TryClaim(ts, "v0=bb", Window).ShouldBeTrue();
        guard.TryClaim(ts + 1, "v0=aa", Window).ShouldBeTrue();
        guard.Count.ShouldBe(3);
    }

    [Fact]
    public void APair_IsRememberedUntilItsTimestampLeavesTheWindow_ThenForgotten()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var guard = new SlackReplayGuard(clock);
        var ts = clock.Now.ToUnixTimeSeconds() - 60; // signed a minute ago: valid for four more minutes
        guard.TryClaim(ts, "v0=aa", Window).ShouldBeTrue();

        clock.Now = clock.Now.AddMinutes(4);         // the last second its signature is still accepted
        guard.TryClaim(ts, "v0=aa", Window).ShouldBeFalse();

        clock.Now = clock.Now.AddSeconds(1);         // out of the window: the signature check rejects it now, so it is forgotten
        guard.TryClaim(clock.Now.ToUnixTimeSeconds(), "v0=bb", Window).ShouldBeTrue();
        guard.Count.ShouldBe(1);
    }

    [Fact]
    public void TheMemory_IsBounded_TheOldestPairsGoFirst()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var guard = new SlackReplayGuard(clock);
        var ts = clock.Now.ToUnixTimeSeconds();
        for (var i = 0; i < SlackReplayGuard.Capacity + 10; i++)
            guard.TryClaim(ts - 200 + i % 300, "v0=" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture), Window).ShouldBeTrue();
        guard.Count.ShouldBe(SlackReplayGuard.Capacity);
        // The newest pair is still known.
        var last = SlackReplayGuard.Capacity + 9;
        guard.TryClaim(ts - 200 + last % 300, "v0=" + last.ToString("x", System.Globalization.CultureInfo.InvariantCulture), Window).ShouldBeFalse();
    }
}
