using System.Globalization;
using System.Text;

namespace ReportBot.Server;

/// <summary>
/// Values that come from requests, made safe to log: control characters (line breaks that would forge a log line, ANSI
/// escape sequences that would repaint a terminal) are written as <c>\n</c>, <c>\u001b</c> ..., and long values are cut.
/// </summary>
public static class LogValue
{
    /// <summary>Longest value logged, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary><paramref name="value"/> with every control character escaped, at most <see cref="MaxLength"/> characters (then "…").</summary>
    public static string? Escape(string? value)
    {
        if (value is null) return null;
        var sb = new StringBuilder(Math.Min(value.Length, MaxLength) + 8);
        foreach (var c in value)
        {
            if (sb.Length >= MaxLength) { sb.Append('…'); break; }
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) && !char.IsHighSurrogate(c) && sb.Length == 0)
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}
