using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// The service URLs the bot may call: those that arrived in authenticated activities (the token vouched for them), or, in
/// anonymous mode, loopback only. A forged <c>serviceUrl</c> can therefore never make the bot call an arbitrary host.
/// </summary>
public sealed class TrustedServiceUrls(IOptions<TeamsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _trusted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Remembers a service URL from an authenticated activity.</summary>
    public void Trust(string serviceUrl) => _trusted[Normalize(serviceUrl)] = time.GetUtcNow() + Lifetime;

    /// <summary>True when the bot may send to <paramref name="serviceUrl"/>.</summary>
    public bool IsAllowed(string? serviceUrl)
    {
        if (!IsPlain(serviceUrl) || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        if (options.Value.IsAnonymous) return IsLoopback(serviceUrl);
        if (uri.Scheme != "https" && !uri.IsLoopback) return false;
        return _trusted.TryGetValue(Normalize(serviceUrl), out var until) && until > time.GetUtcNow();
    }

    /// <summary>True for http(s) URLs on a loopback address or <c>localhost</c>.</summary>
    public static bool IsLoopback(string? url) =>
        IsPlain(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && (uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// True for a service URL the bot may build paths on: no query, no fragment, no user info (with a <c>?</c> or <c>#</c>
    /// the sender would choose the whole path the reply goes to).
    /// </summary>
    public static bool IsPlain(string? url) =>
        url is not null && url.IndexOfAny(['?', '#']) < 0 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0;

    /// <summary>Compares service URLs as the Bot Framework does (case-insensitive, trailing slash ignored).</summary>
    public static bool SameUrl(string? a, string? b) => a is not null && b is not null && string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string url) => url.Trim().TrimEnd('/');
}
