using System.Collections.Concurrent;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// Remembers the <c>event_id</c>s seen in the last hour, so a retried or duplicated event is answered once. In memory:
/// Slack retries within minutes, and the set is bounded (the oldest ids go first).
/// </summary>
public sealed class SlackEventDeduplicator(TimeProvider time)
{
    /// <summary>How long an event id is remembered.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Most ids remembered.</summary>
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time <paramref name="eventId"/> is seen; false for a repeat.</summary>
    public bool TryClaim(string eventId)
    {
        var now = time.GetUtcNow();
        if (_seen.Count >= Capacity) Prune(now);
        return _seen.TryAdd(eventId, now);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, at) in _seen)
            if (now - at > Window) _seen.TryRemove(id, out _);
        if (_seen.Count < Capacity) return;
        foreach (var (id, _) in _seen.OrderBy(e => e.Value).Take(_seen.Count - Capacity / 2))
            _seen.TryRemove(id, out _);
    }
}
