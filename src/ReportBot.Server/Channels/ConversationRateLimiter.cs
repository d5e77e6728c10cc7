using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ReportBot.Server.Web;

namespace ReportBot.Server.Channels;

/// <summary>
/// The channels' second rate limit, by the right key once a request is authenticated: a Teams conversation, a Slack
/// workspace. Teams and Slack send from shared pools of addresses, so a limit per sender address (checked before
/// authentication) cannot tell one busy conversation from everyone else; this one can.
/// </summary>
public sealed class ConversationRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _permits;

    public ConversationRateLimiter(IOptions<WebOptions> options)
    {
        var o = options.Value;
        _permits = o.ConversationRateLimitPermits;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, o.ConversationRateLimitPermits),
            Window = TimeSpan.FromSeconds(o.RateLimitWindowSeconds),
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes one permit for <paramref name="key"/> ("teams:{conversation}", "slack:{team}"); null when granted, else the 429 to send.</summary>
    public IResult? Check(HttpContext http, string key)
    {
        if (_permits <= 0) return null;
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return null;
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "Too many requests", detail: $"This conversation has sent too many requests in a short time. Try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
    }

    public void Dispose() => _limiter.Dispose();
}
