using ReportBot.Core.Claims;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReportBot.Core.Answering;
using ReportBot.Core.Text;
using ReportBot.Server.Channels;

namespace ReportBot.Server.Channels.Slack;

/// <summary>A Slack message: Block Kit blocks plus the plain <c>text</c> shown in notifications.</summary>
public sealed record SlackMessage(string Text, JsonArray Blocks);

/// <summary>
/// Translates an <see cref="AnswerResult"/> into Block Kit: the answer, a clearly marked "Sources disagree" section
/// listing each side with its source and date, and one context block per cited source (title, publisher, date, short
/// quote). Report text is text: everything that holds it is a <c>plain_text</c> object, which Slack shows as written (no
/// <c>*bold*</c>, <c>_italic_</c>, <c>&lt;url|text&gt;</c> links or mentions), and the answer's <c>[n]</c> markers are
/// the bot's own only (<see cref="AnswerMarkup"/>). Stays within Slack's limits: 50 blocks, 3,000 characters per text.
/// </summary>
public static partial class SlackMessageBuilder
{
    public const int MaxBlocks = 50;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxFallbackText = 3000;
    public const int MaxQuoteLength = 200;
    public const int MaxAnswerSections = 10;

    /// <summary>Text of the header block that marks the disagreement section.</summary>
    public const string DisagreementHeader = "Sources disagree";

    /// <summary>The answer as a Slack message.</summary>
    public static SlackMessage FromAnswer(AnswerResult answer)
    {
        var blocks = new List<JsonObject>();
        var prose = Prose(answer);
        foreach (var part in Split(prose, MaxSectionText).Take(MaxAnswerSections))
            blocks.Add(PlainSection(part));

        if (answer.Disagreements.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "divider" });
            blocks.Add(new JsonObject { ["type"] = "header", ["text"] = PlainText(":warning: " + DisagreementHeader) });
            // Leave room for at least a few sources after the disagreements.
            var room = MaxBlocks - blocks.Count - Math.Min(answer.Citations.Count, 5) - 1;
            foreach (var d in answer.Disagreements.Take(Math.Max(1, room)))
                blocks.Add(PlainSection(Truncate(DisagreementText(d, answer.Citations), MaxSectionText)));
        }

        if (answer.Citations.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "divider" });
            var room = MaxBlocks - blocks.Count;
            var shown = answer.Citations.Count <= room ? answer.Citations.Count : Math.Max(0, room - 1);
            foreach (var c in answer.Citations.Take(shown))
                blocks.Add(new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(
                        new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*[{c.N.ToString(CultureInfo.InvariantCulture)}]*" },
                        PlainText(CitationText(c), MaxSectionText)),
                });
            if (shown < answer.Citations.Count)
                blocks.Add(Context($"…and {answer.Citations.Count - shown} more sources."));
        }

        var fallback = Escape(prose.ReplaceLineEndings(" "));
        if (answer.Disagreements.Count > 0) fallback += " (" + DisagreementHeader + ")";
        return new SlackMessage(Truncate(fallback, MaxFallbackText), new JsonArray(blocks.Take(MaxBlocks).ToArray<JsonNode?>()));
    }

    /// <summary>A short message from the bot itself (busy, still indexing, a usage hint).</summary>
    public static SlackMessage Notice(string text) =>
        new(Escape(text), new JsonArray(Section(Truncate(ToMrkdwn(text), MaxSectionText))));

    /// <summary>Slack's escaping for text it would otherwise read as markup: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Markdown (as the answering service writes it) to Slack mrkdwn: escaped, <c>**bold**</c> → <c>*bold*</c>, list dashes → bullets.</summary>
    public static string ToMrkdwn(string markdown)
    {
        var s = Bold().Replace(Escape(markdown), "*$1*");
        return ListDash().Replace(s, "• ");
    }

    /// <summary>
    /// The answer's prose as plain text, without what the message shows as structured blocks: the list of quoted sources
    /// (the context blocks) and the plain-words disagreement paragraphs (the "Sources disagree" section).
    /// </summary>
    internal static string Prose(AnswerResult answer)
    {
        var paragraphs = new List<List<AnswerSegment>> { new() };
        foreach (var segment in AnswerMarkup.Parse(answer))
        {
            if (segment.Kind == AnswerSegmentKind.Paragraph) paragraphs.Add([]);
            else paragraphs[^1].Add(segment);
        }
        paragraphs.RemoveAll(p => p.Count == 0);
        var kept = paragraphs.Where(p => !(answer.Citations.Count > 0 && IsSourceList(p)) && !(answer.Disagreements.Count > 0 && IsDisagreementStatement(p))).ToList();
        return string.Join("\n\n", (kept.Count > 0 ? kept : paragraphs).Select(p => AnswerMarkup.ToPlainText(p).Trim()));
    }

    private static bool IsSourceList(List<AnswerSegment> paragraph) =>
        paragraph.Any(s => s.Kind == AnswerSegmentKind.ListItem) && paragraph.Any(s => s.Kind == AnswerSegmentKind.Marker);

    private static bool IsDisagreementStatement(List<AnswerSegment> paragraph) => paragraph[0].Kind == AnswerSegmentKind.Bold;

    private static string DisagreementText(Disagreement d, IReadOnlyList<Citation> citations)
    {
        var sb = new StringBuilder();
        sb.Append(Capitalize(d.Topic));
        var kind = d.Kind switch
        {
            DisagreementKind.Contradiction => "the reports contradict each other",
            DisagreementKind.ChangedOverTime => "the figure changed over time",
            DisagreementKind.DifferentScope => "the figures cover different periods",
            _ => null,
        };
        if (kind is not null) sb.Append(" — ").Append(kind);
        foreach (var claim in d.Claims)
        {
            var source = citations.FirstOrDefault(c => c.N == claim.N) ?? citations.FirstOrDefault(c => c.ReportId == claim.ReportId);
            var name = source is null ? claim.ReportId : source.Publisher ?? TextClip.Shorten(source.Title, 80);
            sb.Append("\n• ").Append(claim.Value).Append(" — ").Append(name)
              .Append(" (").Append(claim.Published ?? source?.Published ?? "undated").Append(')')
              .Append(" [").Append(claim.N.ToString(CultureInfo.InvariantCulture)).Append(']');
            if (claim.Attribution is { Length: > 0 } who) sb.Append(", citing ").Append(who);
            if (claim.IsNewer) sb.Append(" (newer)");
        }
        return sb.ToString();
    }

    private static string CitationText(Citation c)
    {
        var sb = new StringBuilder();
        sb.Append(TextClip.Shorten(c.Title, 150));
        if (c.Publisher is { Length: > 0 } p) sb.Append(" · ").Append(p);
        sb.Append(" · ").Append(c.Published ?? "undated");
        sb.Append(": “").Append(TextClip.Shorten(c.Quote.ReplaceLineEndings(" "), MaxQuoteLength)).Append('”');
        return sb.ToString();
    }

    private static JsonObject Section(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn } };

    private static JsonObject Context(string mrkdwn) =>
        new() { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn }) };

    private static JsonObject PlainText(string text) =>
        new() { ["type"] = "plain_text", ["text"] = Truncate(text, MaxHeaderText), ["emoji"] = true };

    /// <summary>Text Slack shows exactly as written (no mrkdwn, no links, no emoji codes).</summary>
    private static JsonObject PlainText(string text, int max) =>
        new() { ["type"] = "plain_text", ["text"] = Truncate(text, max), ["emoji"] = false };

    private static JsonObject PlainSection(string text) =>
        new() { ["type"] = "section", ["text"] = PlainText(text, MaxSectionText) };

    /// <summary>Cuts text into pieces of at most <paramref name="max"/> characters, at paragraph, line or word boundaries when possible.</summary>
    internal static IEnumerable<string> Split(string text, int max)
    {
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var cut = rest.LastIndexOf("\n\n", max, StringComparison.Ordinal);
            if (cut < max / 2) cut = rest.LastIndexOf('\n', max - 1);
            if (cut < max / 2) cut = rest.LastIndexOf(' ', max - 1);
            if (cut < max / 2) cut = max;
            yield return rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) yield return rest;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline)]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?m)^- ")]
    private static partial Regex ListDash();

    [GeneratedRegex(@"\[[0-9]+\]")]
    private static partial Regex Marker();
}
