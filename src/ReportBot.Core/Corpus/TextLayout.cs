using System.Text;
using System.Text.RegularExpressions;

namespace ReportBot.Core.Corpus;

/// <summary>
/// Undoes the layout a plain-text report kept from the medium it was made for, before it is cleaned and chunked, so that
/// a sentence is one run of text whatever the medium cut it into. Like the HTML reader (<see cref="HtmlText"/>), it gives
/// the text the report is quoted from:
/// <list type="bullet">
/// <item><b>Subtitles</b> (SRT, WebVTT): cue numbers, timings and tags go; the cues' lines run on into one transcript,
/// a new paragraph where a speaker is named ("MAYOR: …", "&lt;v Mayor&gt;") or a line opens with a dialogue dash.</item>
/// <item><b>Pages</b> (text taken out of a PDF): page markers ("Page 2 of 6", "- 3 -") and, in a paged text, the header
/// or footer lines repeated on every page go, and a sentence cut by a page break runs on.</item>
/// <item><b>Words hyphenated across lines</b> ("pas-\nsengers") are joined; a compound whose first part is a word that
/// begins compounds ("long-\nterm", "two-\nyear") keeps its hyphen (<see cref="CompoundHeads"/>).</item>
/// </list>
/// A text with none of these comes back unchanged (the same string).
/// </summary>
public static partial class TextLayout
{
    /// <summary>
    /// A text is subtitles when at least this many lines are cue timings. This and the other two settings below describe
    /// the layouts themselves (a cue timing never occurs in prose; a running header is a short line; a title block is a
    /// few lines) and were not tuned: on dev (2026-12-07) they changed the grid operator's PDF text and the press
    /// conference's subtitles, and no other dev report.
    /// </summary>
    public const int MinCueTimings = 2;

    /// <summary>Lines at the top of a paged text that are its title block: a running header's first showing there stays.</summary>
    public const int TitleBlockLines = 4;

    /// <summary>The longest line (in words) taken for a running header or footer.</summary>
    public const int MaxRunningLineWords = 15;

    /// <summary>
    /// First parts of a compound that keep their hyphen when the compound is broken across lines ("long-term",
    /// "two-year", "self-employed"): words that stand alone and commonly begin hyphenated compounds. Any other word
    /// broken at a line end is one word ("investi-gation").
    /// </summary>
    public static readonly IReadOnlySet<string> CompoundHeads = new HashSet<string>(StringComparer.Ordinal)
    {
        "self", "well", "long", "short", "high", "low", "so", "all", "full", "half", "part", "part-time", "full-time", "one", "two",
        "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "forty",
        "fifty", "hundred", "first", "second", "third", "year", "day", "week", "month", "hour", "state", "world", "cross",
        "far", "near", "old", "new", "top", "best", "worst", "much", "ever", "never", "follow", "check", "set", "sell",
        "built", "made", "ill", "non", "ex", "co", "vice", "anti", "pro", "post", "pre", "mid", "multi", "semi", "cease",
        "break", "stand", "lock", "knock", "shut", "clean", "take", "drop", "run", "wide", "hard", "fast", "slow", "large",
        "small", "little", "face", "hand", "left", "right", "x", "e",
    };

    /// <summary>The text with its medium's layout undone (see the type's summary); the same string when it has none.</summary>
    public static string Normalize(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var result = CueTiming().Count(text) >= MinCueTimings ? SubtitlesToTranscript(text) : RejoinPages(text);
        return JoinHyphenatedWords(result);
    }

    /// <summary>Subtitles as a transcript: the cues' text in order, a paragraph per speaker turn.</summary>
    internal static string SubtitlesToTranscript(string text)
    {
        var lines = text.Split('\n');
        var paragraphs = new List<StringBuilder>();
        var inCue = false;
        var skipBlock = false;
        var inNote = false;
        string? lastVoice = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) { inCue = false; skipBlock = false; inNote = false; continue; }
            if (CueTiming().IsMatch(line)) { inCue = true; continue; }
            // The header's settings and the STYLE and REGION blocks of WebVTT carry no text; a NOTE's text is kept (it may
            // say when and where the words were spoken), without its label.
            if (!inCue && (i == 0 && line.StartsWith("WEBVTT", StringComparison.Ordinal) || VttBlock().IsMatch(line))) { skipBlock = true; continue; }
            if (skipBlock) continue;
            if (!inCue && VttNote().Match(line) is { Success: true } note)
            {
                if (note.Groups["text"].Value.Trim() is { Length: > 0 } said) paragraphs.Add(new StringBuilder(said));
                inNote = true;
                continue;
            }
            if (inNote)
            {
                if (paragraphs.Count == 0) paragraphs.Add(new StringBuilder(line));
                else paragraphs[^1].Append(' ').Append(line);
                continue;
            }
            // A cue's identifier (a number or a name) is the line right before its timing.
            if (!inCue && i + 1 < lines.Length && CueTiming().IsMatch(lines[i + 1].Trim())) continue;
            // A line outside every cue (a title someone added) is a paragraph of its own.
            if (!inCue) { paragraphs.Add(new StringBuilder(Tag().Replace(line, "").Trim())); continue; }
            var voice = VoiceTag().Match(line);
            var speaker = voice.Success ? voice.Groups["name"].Value.Trim() : null;
            var spoken = Tag().Replace(line, "").Trim();
            if (spoken.Length == 0) continue;
            // A voice tag names the speaker of each cue: a new turn starts only where the speaker changes.
            var newVoice = speaker is not null && speaker != lastVoice;
            if (speaker is not null) lastVoice = speaker;
            if (newVoice && !spoken.StartsWith(speaker + ":", StringComparison.Ordinal)) spoken = $"{speaker}: {spoken}";
            var turn = newVoice || SpeakerLabel().IsMatch(spoken) || DialogueDash().IsMatch(spoken);
            if (turn || paragraphs.Count == 0) paragraphs.Add(new StringBuilder(spoken));
            else paragraphs[^1].Append(' ').Append(spoken);
        }
        return string.Join("\n\n", paragraphs.Select(p => p.ToString()));
    }

    /// <summary>
    /// A paged text without its page markers and, when it has page markers, without the short lines repeated on several
    /// pages (running headers and footers); where a sentence ran across a page break it runs on.
    /// </summary>
    internal static string RejoinPages(string text)
    {
        var lines = text.Split('\n');
        var markers = lines.Select(IsPageMarker).ToArray();
        if (!markers.Contains(true)) return text;
        var collapsed = lines.Select(Collapse).ToArray();
        var counts = collapsed.Where(l => l.Length > 0).GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        bool IsRunning(string l) =>
            l.Length > 0 && counts[l] >= 2 && ReportCleaner.WordCount(l) <= MaxRunningLineWords && !EndsSentence(l) && !ListOrTableLine().IsMatch(l) && l.Any(char.IsLetter);
        var kept = new List<string>();
        var cut = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var textLines = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            // A running header's first showing at the top of the first page is the document's own heading: it stays.
            var running = IsRunning(collapsed[i]);
            if (running && seen.Add(collapsed[i]) && textLines < TitleBlockLines) running = false;
            if (collapsed[i].Length > 0) textLines++;
            if (markers[i] || running) { cut = true; continue; }
            if (collapsed[i].Length == 0)
            {
                // Blank lines around a page's furniture are the page break, not a paragraph break: they are decided below.
                if (cut) continue;
                kept.Add(line);
                continue;
            }
            if (cut)
            {
                // A sentence that the page break cut runs on (one line break); otherwise the break is a paragraph's.
                while (kept.Count > 0 && kept[^1].Trim().Length == 0) kept.RemoveAt(kept.Count - 1);
                if (kept.Count > 0 && !EndsSentence(kept[^1].TrimEnd())) { kept.Add(line); cut = false; continue; }
                if (kept.Count > 0) kept.Add("");
                cut = false;
            }
            kept.Add(line);
        }
        return string.Join('\n', kept);
    }

    /// <summary>"pas-\nsengers" → "passengers"; "long-\nterm" → "long-term" (<see cref="CompoundHeads"/>).</summary>
    internal static string JoinHyphenatedWords(string text) =>
        !text.Contains("-\n", StringComparison.Ordinal) ? text : HyphenAtLineEnd().Replace(text, m =>
        {
            var head = m.Groups["head"].Value;
            var last = head[(head.LastIndexOf('-') + 1)..].ToLowerInvariant();
            return CompoundHeads.Contains(last) ? $"{head}-{m.Groups["tail"].Value}" : head + m.Groups["tail"].Value;
        });

    private static bool IsPageMarker(string line)
    {
        var t = line.Trim();
        if (t.Length == 0) return false;
        if (PageMarkerLine().IsMatch(t)) return true;
        return PageOfPages().IsMatch(t) && ReportCleaner.WordCount(t) <= MaxRunningLineWords && !EndsSentence(t);
    }

    private static string Collapse(string line) => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool EndsSentence(string t) => t.Length > 0 && t[^1] is '.' or '!' or '?' or '"' or '”' or ':' or ';';

    [GeneratedRegex(@"^[ \t]*(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}[ \t]+-->[ \t]+(?:\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}.*$", RegexOptions.Multiline)]
    private static partial Regex CueTiming();

    [GeneratedRegex(@"^(?:STYLE|REGION)\b")]
    private static partial Regex VttBlock();

    [GeneratedRegex(@"^NOTE\b(?<text>.*)$")]
    private static partial Regex VttNote();

    [GeneratedRegex(@"<v(?:\.[\w.-]+)?\s+(?<name>[^>]+)>")]
    private static partial Regex VoiceTag();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>|\{\\[^}]*\}")]
    private static partial Regex Tag();

    /// <summary>A speaker's name before a colon: "MAYOR HELEN ROSS:", "Dr Amara Osei:", "Q:", ">> REPORTER:".</summary>
    [GeneratedRegex(@"^(?:>>\s*)?[A-Z][\p{L}.'’ -]{0,40}:\s")]
    private static partial Regex SpeakerLabel();

    [GeneratedRegex(@"^[-–—]\s")]
    private static partial Regex DialogueDash();

    /// <summary>A line that is only a page marker: "Page 3", "Page 3 of 9", "p. 4", "- 5 -", "3 / 9".</summary>
    [GeneratedRegex(@"^(?:(?:page|pg\.?|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|[-–—]\s*\d+\s*[-–—]|\d+\s*/\s*\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PageMarkerLine();

    [GeneratedRegex(@"\bPage\s+\d+\s+of\s+\d+\b", RegexOptions.IgnoreCase)]
    private static partial Regex PageOfPages();

    /// <summary>A line that starts an item of its own: a table row, a bullet, a numbered item or paragraph ("3.", "1.2"),
    /// a heading, a speaker's or a field's label ("MAYOR:", "Date:").</summary>
    [GeneratedRegex(@"^(?:[|*•#]|[-–—]\s|\(?\d+(?:\.\d+)*[.)]?\s+\p{Lu}|\d+[.)]\s|[A-Z][\p{L}.'’ -]{0,40}:\s)")]
    internal static partial Regex ListOrTableLine();

    [GeneratedRegex(@"(?<head>\b[\p{L}][\p{L}-]*\p{Ll})-[ \t]*\n[ \t]*(?<tail>\p{Ll}[\p{L}]*)")]
    private static partial Regex HyphenAtLineEnd();
}
