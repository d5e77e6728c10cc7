using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReportBot.Server.Channels.Slack;

/// <summary>Why a request's signature was accepted or rejected.</summary>
public enum SlackSignatureCheck
{
    Valid,
    MissingHeaders,
    BadTimestamp,
    Stale,
    Mismatch,
}

/// <summary>
/// Slack's request signing (version <c>v0</c>): <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c> keyed
/// with the app's signing secret, compared in constant time; timestamps more than the allowed age away from now are
/// rejected so a captured request cannot be replayed.
/// </summary>
public static class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>The <c>v0=…</c> signature of <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), data);
        return "v0=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Checks a request's headers against its raw body at <paramref name="now"/>.</summary>
    public static SlackSignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxAge)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return SlackSignatureCheck.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return SlackSignatureCheck.BadTimestamp;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)maxAge.TotalSeconds) return SlackSignatureCheck.Stale;
        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SlackSignatureCheck.Valid : SlackSignatureCheck.Mismatch;
    }
}
