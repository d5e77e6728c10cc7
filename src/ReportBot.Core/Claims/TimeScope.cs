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

    /// <summary>
    /// The period one figure of a sentence covers: a period in the figure's own clause when the sentence holds several
    /// figures ("has risen to 1,150, up from about 450 on the first night"), else the sentence's period. The time a source
    /// spoke ("the council said on Thursday", "told reporters on Friday") is when it was said, not what the figure covers.
    /// </summary>
    public static string? ForFigure(string sentence, int figureStart, bool severalFigures)
    {
        var periods = new List<Match>();
        foreach (var m in Scope().Matches(sentence).Concat(RelativeScope().Matches(sentence)))
            if (!SpokenAt().IsMatch(sentence.AsSpan(0, m.Index))) periods.Add(m);
        if (periods.Count == 0) return null;
        periods.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (!severalFigures) return periods[0].Value.Trim();
        // A comma inside a figure ("20,000") does not end a clause: only one followed by a space does.
        bool IsBreak(int i) => Array.IndexOf(ClauseBreaks, sentence[i]) >= 0 && (sentence[i] != ',' || i + 1 == sentence.Length || char.IsWhiteSpace(sentence[i + 1]));
        var from = Math.Min(figureStart, sentence.Length);
        while (from > 0 && !IsBreak(from - 1)) from--;
        var to = Math.Min(figureStart, sentence.Length);
        while (to < sentence.Length && !IsBreak(to)) to++;
        return periods.FirstOrDefault(m => m.Index >= from && m.Index < to)?.Value.Trim();
    }

    /// <summary>
    /// Two stated periods are the same when their words are ("on Monday" and "on Monday night": one names a part of the
    /// other); the leading preposition does not count ("in 2024", "during 2024").
    /// </summary>
    public static bool Same(string a, string b)
    {
        static string Core(string s) => LeadingPreposition().Replace(s.Trim().ToLowerInvariant(), "");
        var (x, y) = (Core(a), Core(b));
        return x == y || x.StartsWith(y + " ", StringComparison.Ordinal) || y.StartsWith(x + " ", StringComparison.Ordinal);
    }

    private static readonly char[] ClauseBreaks = [',', ';', '—', '–', '(', ')'];

    [GeneratedRegex(@"^(on|in|during|over|by|at|throughout)\s+")]
    private static partial Regex LeadingPreposition();

    /// <summary>A reporting verb just before a period: the period is when the source spoke.</summary>
    [GeneratedRegex(@"\b(said|says|told|tells|announced|reported|added|stated|confirmed|wrote|warned)\b[^,.;]{0,40}$", RegexOptions.IgnoreCase)]
    private static partial Regex SpokenAt();

    /// <summary>Periods relative to the event: "on the first night", "in total", "so far", "since the fire began", "on Monday night".</summary>
    [GeneratedRegex(@"\b((on|during|in|over) the first (night|day|days|week|weeks|hours?|month)|in total|so far|to date|since the \w+ (began|started|broke out)|(on|by|since) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)( night| morning| evening| afternoon)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeScope();

    /// <summary>Any date or time expression (for "when" questions).</summary>
    public static bool HasDateExpression(string sentence) => DateExpression().IsMatch(sentence);

    private const string Month = "January|February|March|April|May|June|July|August|September|October|November|December";

    [GeneratedRegex(@"\b(?:in|during|since|between|from|by|as of|throughout|through|until)\s+(?:(?:early|late|mid|the end of|the start of|the beginning of)[- ]\s*)?(?:(?:" + Month + @")(?:\s+[0-9]{4})?|[0-9]{4}|last year|this year|last month|this month)(?:\s+(?:and|to|until|through)\s+(?:(?:" + Month + @")(?:\s+[0-9]{4})?|[0-9]{4}))?(?:,?\s+(?:last|this) year)?", RegexOptions.IgnoreCase)]
    private static partial Regex Scope();

    // Month and day names capitalised ("may" is a verb); a year is 1500-2099 and not part of a phone number or code ("014-2290").
    [GeneratedRegex(@"\b((" + Month + @")\b|(?<![0-9-])(1[5-9][0-9]{2}|20[0-9]{2})\b(?!-[0-9])|(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?i:(last|this|next) (year|month|week)|yesterday|today|tomorrow|tonight|recently)|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})")]
    private static partial Regex DateExpression();
}
