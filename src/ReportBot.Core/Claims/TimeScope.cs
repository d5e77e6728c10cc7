using System.Text.RegularExpressions;

namespace ReportBot.Core.Claims;

/// <summary>Finds the period a statement is about ("in 2024", "since September 2023", "between March and October last year").</summary>
public static partial class TimeScope
{
    public static string? Find(string sentence)
    {
        var m = Scope().Match(sentence);
        if (m.Success) return m.Value.Trim();
        var r = RelativeScope().Match(sentence);
        return r.Success ? r.Value.Trim() : null;
    }

    /// <summary>Periods relative to the event: "on the first night", "in total", "so far", "since the fire began", "on Monday night".</summary>
    [GeneratedRegex(@"\b((on|during|in|over) the first (night|day|days|week|weeks|hours?|month)|in total|so far|to date|since the \w+ (began|started|broke out)|(on|by|since) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)( night| morning| evening| afternoon)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeScope();

    /// <summary>Any date or time expression (for "when" questions).</summary>
    public static bool HasDateExpression(string sentence) => DateExpression().IsMatch(sentence);

    private const string Month = "January|February|March|April|May|June|July|August|September|October|November|December";

    [GeneratedRegex(@"\b(?:in|during|since|between|from|by|as of|throughout|through|until)\s+(?:(?:early|late|mid|the end of|the start of|the beginning of)[- ]\s*)?(?:(?:" + Month + @")(?:\s+\d{4})?|\d{4}|last year|this year|last month|this month)(?:\s+(?:and|to|until|through)\s+(?:(?:" + Month + @")(?:\s+\d{4})?|\d{4}))?(?:,?\s+(?:last|this) year)?", RegexOptions.IgnoreCase)]
    private static partial Regex Scope();

    [GeneratedRegex(@"\b((" + Month + @")\b|\d{4}\b|(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(last|this|next) (year|month|week)|yesterday|today|recently|\d{1,2}/\d{1,2}/\d{2,4})", RegexOptions.IgnoreCase)]
    private static partial Regex DateExpression();
}
