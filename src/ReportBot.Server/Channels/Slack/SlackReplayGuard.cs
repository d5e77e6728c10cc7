namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// Remembers the (timestamp, signature) pair of every accepted Slack request for as long as its signature is valid, so
/// the same signed request sent again within the window (a replay: a slash command has no event id to deduplicate) is
/// recognised. In memory and bounded: pairs leave when their timestamp is out of the window, and past
/// <see cref="Capacity"/> the pair closest to leaving goes first.
/// </summary>
public sealed class SlackReplayGuard(TimeProvider time)
{
    /// <summary>Most pairs remembered (Slack's event rate limit is 30,000 an hour per workspace, far below this in 5 minutes).</summary>
    public const int Capacity = 50_000;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, long> _expiry = new();

    /// <summary>Number of pairs remembered now.</summary>
    public int Count { get { lock (_lock) return _seen.Count; } }

    /// <summary>
    /// True the first time the pair is seen; false for a replay. <paramref name="timestamp"/> is the request's (already
    /// verified) Unix time; the pair is remembered until that time plus <paramref name="maxAge"/>, after which the
    /// signature check rejects it anyway.
    /// </summary>
    public bool TryClaim(long timestamp, string signature, TimeSpan maxAge)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var key = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + signature;
        lock (_lock)
        {
            while (_expiry.TryPeek(out var old, out var until) && (until < now || _seen.Count >= Capacity))
            {
                _expiry.Dequeue();
                _seen.Remove(old);
            }
            if (!_seen.Add(key)) return false;
            _expiry.Enqueue(key, timestamp + (long)maxAge.TotalSeconds);
            return true;
        }
    }
}
