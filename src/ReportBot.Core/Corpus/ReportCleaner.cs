using System.Text.RegularExpressions;
using ReportBot.Core.Text;

namespace ReportBot.Core.Corpus;

/// <summary>
/// Separates a report from its page furniture (donation appeals, newsletter sign-ups, teasers for other stories,
/// comment forms, copyright notices, navigation and share labels). The rules describe web page furniture in general;
/// none names an outlet, phrase or figure of a particular corpus.
/// <para>Two kinds of signal: a <em>tail marker</em> (a "read more" / "related stories" / "leave a reply" heading, a
/// copyright line) ends the article, and everything after it is furniture; a <em>line marker</em> (a short appeal to
/// subscribe or donate, a "N min read" label, a bare date line) drops just that paragraph.</para>
/// </summary>
public static partial class ReportCleaner
{
    /// <summary>Splits the report text into paragraphs and keeps those that belong to the report.</summary>
    public static CleanedReport Clean(Report report)
    {
        var text = report.Text;
        var paragraphs = SplitParagraphs(text);
        var kept = new List<TextSpan>();
        var removed = new List<TextSpan>();
        var bodyParagraphs = 0;
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var span = StripIconLigature(text, paragraphs[i]);
            var p = span.Of(text);
            if (bodyParagraphs >= 2 && IsTailMarker(p))
            {
                removed.AddRange(paragraphs.Skip(i));
                break;
            }
            var isTitle = string.Equals(p.Trim(), report.Metadata.Title.Trim(), StringComparison.OrdinalIgnoreCase);
            if (!isTitle && IsLineFurniture(p)) { removed.Add(span); continue; }
            kept.Add(span);
            if (WordCount(p) >= 12) bodyParagraphs++;
        }
        var headline = FindHeadline(text, kept, report.Metadata.Title);
        return new CleanedReport(report, kept, headline, removed);
    }

    /// <summary>
    /// Paragraphs are lines; a line that does not end a sentence and is followed by a line starting in lower case is a
    /// hard-wrapped paragraph and is joined with it.
    /// </summary>
    internal static List<TextSpan> SplitParagraphs(string text)
    {
        var lines = new List<TextSpan>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != '\n') continue;
            var s = start; var e = i;
            while (s < e && char.IsWhiteSpace(text[s])) s++;
            while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
            if (e > s) lines.Add(new TextSpan(s, e));
            start = i + 1;
        }
        // A hard-wrapped text (lines cut at a fixed width: wire copy, email, text taken out of a PDF) also runs on into a
        // line that starts with a capital or a figure ("the harbour\nAuthority said") when the line before is nearly as
        // long as the text's long lines; a short line is a heading or a label.
        var lengths = lines.Select(l => l.Length).Order().ToList();
        var width = lengths.Count >= 4 ? lengths[(int)(lengths.Count * 0.9)] : 0;
        var merged = new List<TextSpan>();
        foreach (var line in lines)
        {
            if (merged.Count > 0)
            {
                var prev = merged[^1];
                var gap = text[prev.End..line.Start];
                var prevEnds = text[prev.End - 1] is '.' or '!' or '?' or ':' or '"' or '”';
                bool Wrapped()
                {
                    if (width is < MinWrapWidth or > MaxWrapWidth) return false;
                    var lastLine = text[(text.LastIndexOf('\n', prev.End - 1) + 1)..prev.End].Trim();
                    var next = text[line.Start..line.End];
                    return lastLine.Length >= width * WrappedLineShare && !lastLine.StartsWith('|') && !TextLayout.ListOrTableLine().IsMatch(next)
                        && !ColumnGap().IsMatch(lastLine) && !ColumnGap().IsMatch(next);
                }
                if (!gap.Contains("\n\n", StringComparison.Ordinal) && !prevEnds && (char.IsLower(text[line.Start]) || Wrapped()) && !IconLigature().IsMatch(text[line.Start..line.End]))
                {
                    merged[^1] = new TextSpan(prev.Start, line.End);
                    continue;
                }
            }
            merged.Add(line);
        }
        return merged;
    }

    /// <summary>
    /// Narrowest line width (the 90th percentile of a text's line lengths) taken for a hard-wrapped text. The three wrap
    /// settings describe fixed-width text (email and wire copy at 60–80 characters, text taken out of a PDF) and were not
    /// tuned: on dev (2026-12-07, 466 questions) they join the hard-wrapped lines of the mine's stock-exchange announcement
    /// and the grid operator's PDF text, and with the column test no dev answer moved but through those joins.
    /// </summary>
    public const int MinWrapWidth = 50;

    /// <summary>Widest: a text whose long lines are longer than this is written a paragraph per line, not wrapped.</summary>
    public const int MaxWrapWidth = 100;

    /// <summary>A line at least this share of the wrap width was cut by the wrap, not ended by its writer.</summary>
    public const double WrappedLineShare = 0.75;

    private static TextSpan StripIconLigature(string text, TextSpan span)
    {
        // Icon fonts leave their ligature names ("text_fields", "arrow_back") glued to the first word.
        var m = IconLigature().Match(text, span.Start, span.Length);
        return m.Success && m.Index == span.Start ? new TextSpan(span.Start + m.Length, span.End) : span;
    }

    internal static bool IsTailMarker(string p)
    {
        var t = p.Trim();
        if (Copyright().IsMatch(t)) return true;
        return WordCount(t) <= 12 && TailHeading().IsMatch(t);
    }

    internal static bool IsLineFurniture(string p)
    {
        var t = p.Trim();
        var words = WordCount(t);
        if (Copyright().IsMatch(t)) return true;
        if (words <= 14 && Appeal().IsMatch(t)) return true;
        // A longer appeal addresses the reader or names a price: "a subscription gets you...", "for £4 a month".
        if (words <= 80 && Appeal().IsMatch(t) && ReaderAddress().IsMatch(t)) return true;
        if (words <= 60 && Promotion().IsMatch(t)) return true;
        if (words <= 12 && (Navigation().IsMatch(t) || TailHeading().IsMatch(t))) return true;
        if (words <= 6 && DateOnlyLine().IsMatch(t)) return true;
        if (PolicyBoilerplate().IsMatch(t) && words <= 30) return true;
        // Bare labels: buttons, credits, single words ("Continue", "Monthly", a photo agency name).
        // A list item of a text report ("- Pedal Republic stores") is content, however short.
        if (words <= 3 && !EndsSentence(t) && !(t.Length > 2 && t[0] is '-' or '*' or '•' && t[1] == ' ')) return true;
        return false;
    }

    private static int FindHeadline(string text, List<TextSpan> kept, string title)
    {
        for (var i = 0; i < Math.Min(kept.Count, 4); i++)
            if (string.Equals(kept[i].Of(text).Trim(), title.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        if (kept.Count > 0)
        {
            var first = kept[0].Of(text);
            if (!first.EndsWith('.') && WordCount(first) <= 25) return 0;
        }
        return -1;
    }

    private static bool EndsSentence(string t) => t.Length > 0 && t[^1] is '.' or '!' or '?' or '"' or '”';

    internal static int WordCount(string t)
    {
        var n = 0; var inWord = false;
        foreach (var c in t)
        {
            var w = !char.IsWhiteSpace(c);
            if (w && !inWord) n++;
            inWord = w;
        }
        return n;
    }

    /// <summary>Columns set out with spaces ("Copper in concentrate (t)     24,300     37,500"): a table row, not wrapped prose.</summary>
    [GeneratedRegex(@"\S {3,}\S|\t")]
    private static partial Regex ColumnGap();

    [GeneratedRegex(@"^[a-z]+(_[a-z]+)+(?=[A-Z0-9""“])")]
    private static partial Regex IconLigature();

    [GeneratedRegex(@"^(©|\(c\)\s|copyright\b)|all rights reserved|unauthori[sz]ed (use|reproduction|duplication)", RegexOptions.IgnoreCase)]
    private static partial Regex Copyright();

    [GeneratedRegex(@"^(read more|related( stories| articles| posts| news| coverage| reading)?|more (stories|news|from|on this)|recommended( for you| stories)?|you (may|might) also (like|be interested)|don'?t miss|most (read|popular|viewed)|trending( now| stories)?|popular (now|stories)|also read|see also|previous (story|post|article)|next (story|post|article)|leave a (reply|comment)|([0-9]+\s+)?comments?|join the (discussion|conversation)|latest (news|stories)|further reading|more (reading|coverage)|read next|up next|what to read next)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TailHeading();

    [GeneratedRegex(@"\b(donat(e|es|ed|ion|ions)|contribut(e|ion|ions)|support (us|our)|supporting us|subscri(be|bes|ber|bers|ption|ptions)|sign up|sign-up|newsletters?|become a (member|patron|subscriber)|membership|remind me later|not ready to)\b|\bsupport\b[^.?]*!$", RegexOptions.IgnoreCase)]
    private static partial Regex Appeal();

    [GeneratedRegex(@"^(go to ?top|back to top|skip to( main)? content|share( this( story| article)?)?( on \w+)?|tweet|email|print|follow us\b.*|advertisement|sponsored( content)?|[0-9]+\s*mins?\s+read|[0-9]+\s*minutes?\s+read|listen to (this )?article|photo:.*|image:.*|watch:.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Navigation();

    [GeneratedRegex(@"\b(you|your|yours)\b|\b(a|per) (month|year|week)\b|[£$€]\s?[0-9]", RegexOptions.IgnoreCase)]
    private static partial Regex ReaderAddress();

    [GeneratedRegex(@"\b(got a (story|tip)|tip us( off)?|message the newsdesk|contact (the|our) (newsdesk|newsroom)|relies on (readers|listeners|viewers|supporters|you)|(readers|listeners|viewers) like you|back (local|independent) (journalism|news|reporting)|hear our bulletins|listen (live|online)|stream \w+( \w+)? (online|live)|follow us on|download (our|the) app)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Promotion();

    [GeneratedRegex(@"privacy policy|terms (of|and) (use|service|conditions)|cookie(s| policy| settings)|we use cookies|your email address will not be published|required fields are marked", RegexOptions.IgnoreCase)]
    private static partial Regex PolicyBoilerplate();

    [GeneratedRegex(@"^(date:?\s*)?((monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?([0-9]{4}-[0-9]{2}-[0-9]{2}|(\w+\.? [0-9]{1,2},? [0-9]{4})|([0-9]{1,2} \w+ [0-9]{4})|(updated|published|posted)\b.*[0-9]{4}.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex DateOnlyLine();
}
