using System.Text;
using ReportBot.Core.Answering;

namespace ReportBot.Server.Channels;

/// <summary>What a piece of an answer is.</summary>
public enum AnswerSegmentKind
{
    /// <summary>Text, shown as it is: never read as markup.</summary>
    Text,
    /// <summary>The bot's own emphasis (<c>**The reports disagree**</c>).</summary>
    Bold,
    /// <summary>The bot's own citation marker <c>[n]</c> of a citation the answer has.</summary>
    Marker,
    /// <summary>A new item of the bot's own list (<c>- </c> at the start of a line).</summary>
    ListItem,
    /// <summary>A paragraph break.</summary>
    Paragraph,
    /// <summary>A line break.</summary>
    LineBreak,
}

/// <summary>One piece of an answer: its kind, its text, and for a marker the citation number.</summary>
public readonly record struct AnswerSegment(AnswerSegmentKind Kind, string Text, int N = 0);

/// <summary>
/// Splits an answer into what the bot wrote as markup and what is text. The answer is Markdown written by the answering
/// service around verbatim report text (quotes, titles, publishers, figures); the report text may itself look like
/// markup (a link, <c>**bold**</c>, a fake <c>[3]</c>, Slack's <c>&lt;url|text&gt;</c>). Only the bot's own constructs
/// are markup: paragraphs, its list items, the literal <c>**The reports disagree**</c> and <c>[n]</c> markers of
/// citations the answer has, each outside every stretch of report text found in the answer. Everything else is text,
/// which each channel then escapes for its own format. The web page does the same in <c>wwwroot/js/markdown.js</c>.
/// </summary>
public static class AnswerMarkup
{
    /// <summary>The only emphasis the answering service writes.</summary>
    public const string DisagreeHeading = "**The reports disagree**";

    /// <summary>The answer's pieces, adjacent text merged.</summary>
    public static IReadOnlyList<AnswerSegment> Parse(AnswerResult answer) => Parse(answer.Answer, answer.Citations, answer.Disagreements);

    /// <summary>As <see cref="Parse(AnswerResult)"/>, from the text and what it cites.</summary>
    public static IReadOnlyList<AnswerSegment> Parse(string text, IReadOnlyList<Citation> citations, IReadOnlyList<Disagreement>? disagreements = null)
    {
        text = text.ReplaceLineEndings("\n");
        var report = ReportStretches(text, citations, disagreements ?? []);
        var numbers = citations.Select(c => c.N).ToHashSet();
        var segments = new List<AnswerSegment>();
        var plain = new StringBuilder();
        void Flush()
        {
            if (plain.Length > 0) segments.Add(new AnswerSegment(AnswerSegmentKind.Text, plain.ToString()));
            plain.Clear();
        }
        bool Free(int from, int length)
        {
            for (var k = from; k < from + length && k < text.Length; k++)
                if (report[k]) return false;
            return true;
        }
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n' && Free(i, 1))
            {
                var end = i;
                while (end < text.Length && text[end] == '\n') end++;
                Flush();
                if (end - i >= 2) segments.Add(new AnswerSegment(AnswerSegmentKind.Paragraph, "\n\n"));
                else if (end < text.Length - 1 && text[end] == '-' && text[end + 1] == ' ' && Free(end, 2)) { segments.Add(new AnswerSegment(AnswerSegmentKind.ListItem, "- ")); end += 2; }
                else segments.Add(new AnswerSegment(AnswerSegmentKind.LineBreak, "\n"));
                i = end;
                continue;
            }
            if (i == 0 && text.StartsWith("- ", StringComparison.Ordinal) && Free(0, 2))
            {
                segments.Add(new AnswerSegment(AnswerSegmentKind.ListItem, "- "));
                i = 2;
                continue;
            }
            if (c == '*' && string.CompareOrdinal(text, i, DisagreeHeading, 0, DisagreeHeading.Length) == 0 && Free(i, DisagreeHeading.Length))
            {
                Flush();
                segments.Add(new AnswerSegment(AnswerSegmentKind.Bold, DisagreeHeading[2..^2]));
                i += DisagreeHeading.Length;
                continue;
            }
            if (c == '[' && MarkerAt(text, i) is { } m && numbers.Contains(m.N) && Free(i, m.Length))
            {
                Flush();
                segments.Add(new AnswerSegment(AnswerSegmentKind.Marker, text.Substring(i, m.Length), m.N));
                i += m.Length;
                continue;
            }
            plain.Append(c);
            i++;
        }
        Flush();
        return segments;
    }

    /// <summary>The citation numbers of the bot's own markers in the answer.</summary>
    public static IReadOnlyList<int> Markers(AnswerResult answer) =>
        Parse(answer).Where(s => s.Kind == AnswerSegmentKind.Marker).Select(s => s.N).ToList();

    private static (int N, int Length)? MarkerAt(string text, int i)
    {
        var j = i + 1;
        while (j < text.Length && j - i <= 3 && char.IsAsciiDigit(text[j])) j++;
        if (j == i + 1 || j >= text.Length || text[j] != ']' || j - i > 4) return null;
        return (int.Parse(text.AsSpan(i + 1, j - i - 1), System.Globalization.CultureInfo.InvariantCulture), j - i + 1);
    }

    /// <summary>Every character of the answer that lies in a stretch of report text (a quote, a title, a publisher, a claim).</summary>
    private static bool[] ReportStretches(string text, IReadOnlyList<Citation> citations, IReadOnlyList<Disagreement> disagreements)
    {
        var marks = new bool[text.Length];
        var strings = new List<string?>();
        foreach (var c in citations)
        {
            strings.Add(c.Quote);
            strings.Add(c.Quote.ReplaceLineEndings("\n"));
            strings.Add(c.Title);
            strings.Add(ShortTitle(c.Title));
            strings.Add(c.Publisher);
        }
        foreach (var d in disagreements)
        {
            strings.Add(d.Topic);
            foreach (var claim in d.Claims)
            {
                strings.Add(claim.Value);
                strings.Add(claim.Statement);
                strings.Add(claim.Attribution);
            }
        }
        foreach (var s in strings.Where(s => s is { Length: >= 2 }).Distinct(StringComparer.Ordinal))
        {
            for (var at = text.IndexOf(s!, StringComparison.Ordinal); at >= 0; at = text.IndexOf(s!, at + 1, StringComparison.Ordinal))
                Array.Fill(marks, true, at, s!.Length);
        }
        return marks;
    }

    /// <summary>A title as the answer names a source without a publisher (at most 60 characters).</summary>
    internal static string ShortTitle(string title) => title.Length <= 60 ? title : title[..59].TrimEnd() + "…";

    /// <summary>
    /// Text for a Markdown renderer (Teams): every character a renderer could read as markup is escaped with a backslash
    /// (CommonMark: any ASCII punctuation may be), so it shows as written.
    /// </summary>
    public static string EscapeMarkdown(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        var lineStart = true;
        foreach (var ch in text)
        {
            if (ch is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '|' or '&' || lineStart && ch is '#' or '+' or '-' or '=')
                sb.Append('\\');
            sb.Append(ch);
            lineStart = ch == '\n' || lineStart && ch == ' ';
        }
        return sb.ToString();
    }

    /// <summary>The answer as Markdown in which only the bot's own constructs are markup (Teams).</summary>
    public static string ToSafeMarkdown(AnswerResult answer) => ToSafeMarkdown(Parse(answer));

    /// <summary>Pieces as Markdown in which only the bot's own constructs are markup.</summary>
    public static string ToSafeMarkdown(IEnumerable<AnswerSegment> segments)
    {
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            sb.Append(s.Kind switch
            {
                AnswerSegmentKind.Text => EscapeMarkdown(s.Text),
                AnswerSegmentKind.Bold => "**" + s.Text + "**",
                AnswerSegmentKind.Marker => s.Text,
                AnswerSegmentKind.ListItem => sb.Length == 0 ? "- " : "\n- ",
                _ => s.Text,
            });
        }
        return sb.ToString();
    }

    /// <summary>The answer as plain text (no markup at all): markers as <c>[n]</c>, list items as bullets.</summary>
    public static string ToPlainText(IEnumerable<AnswerSegment> segments)
    {
        var sb = new StringBuilder();
        foreach (var s in segments)
            sb.Append(s.Kind == AnswerSegmentKind.ListItem ? (sb.Length == 0 ? "• " : "\n• ") : s.Text);
        return sb.ToString();
    }
}
