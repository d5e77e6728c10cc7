using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using YamlDotNet.RepresentationModel;

namespace ReportBot.Core.Corpus;

/// <summary>
/// Reads reports from a folder: Markdown with YAML front matter, and plain .txt / .md / .html files without it.
/// A report is named by its headline; without one, by its publisher (front matter, an HTML page's site name or a
/// "© 2026 Regional Wire" footer), else its byline, else its file name — never by its first sentence.
/// </summary>
public static partial class ReportLoader
{
    /// <summary>The file types read as reports.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".md", ".markdown", ".txt", ".html", ".htm", ".srt", ".vtt"];

    /// <summary>Largest report file read (bytes); a larger one is skipped with a reason.</summary>
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>
    /// Loads every report file under <paramref name="folder"/> (recursively, sorted by id). README files are skipped.
    /// A file that cannot be read as a report, or whose id another file already has, is left out and, when
    /// <paramref name="skipped"/> is given, added to it with the reason; the others still load.
    /// </summary>
    public static IReadOnlyList<Report> LoadFolder(string folder, ICollection<SkippedReport>? skipped = null)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The corpus folder '{folder}' does not exist.");
        var reports = new Dictionary<string, Report>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !Path.GetFileNameWithoutExtension(f).Equals("README", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(folder, file);
            Report report;
            try { report = LoadFile(file); }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                skipped?.Add(new SkippedReport(relative, Path.GetFileNameWithoutExtension(file), IngestionStep.Load, ReasonOf(e)));
                continue;
            }
            if (reports.TryGetValue(report.Id, out var first))
            {
                skipped?.Add(new SkippedReport(relative, report.Id, IngestionStep.Load,
                    $"another file has the same id '{report.Id}' ({Path.GetRelativePath(folder, first.SourcePath)}); rename one of them"));
                continue;
            }
            reports.Add(report.Id, report);
        }
        return reports.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A one-line reason for a failure: the message of an expected error, the type and message of another.</summary>
    public static string ReasonOf(Exception e)
    {
        if (e is RegexMatchTimeoutException)
            return $"reading its text took longer than {ReportBot.Core.Text.PatternWatchdog.MatchTimeout.TotalSeconds:0} s on one pattern, so it was left out; the other reports are unaffected";
        var message = e is InvalidDataException or IOException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        message = string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return message.Length > 300 ? message[..299] + "…" : message;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads one report file; throws <see cref="InvalidDataException"/> when it is not a readable text report.</summary>
    public static Report LoadFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes) throw new InvalidDataException($"the file is {info.Length / 1024 / 1024} MB; reports may be at most {MaxFileBytes / 1024 / 1024} MB");
        var bytes = File.ReadAllBytes(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.AsSpan().IndexOf((byte)0) >= 0) throw new InvalidDataException("not a text file (it holds binary data)");
        string decoded;
        try { decoded = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new InvalidDataException("not UTF-8 text; save the file as UTF-8"); }
        var raw = CleanControlCharacters(decoded.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'));
        if (string.IsNullOrWhiteSpace(raw)) throw new InvalidDataException("the file is empty");
        var id = Path.GetFileNameWithoutExtension(path);
        var fileName = Path.GetFileName(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".html" or ".htm")
        {
            var page = HtmlText.Extract(raw);
            var publisher = page.SiteName ?? page.FooterPublisher ?? FooterPublisher(page.Text);
            var title = page.Title ?? HeadlineOf(page.Text) ?? publisher ?? fileName;
            return new Report(id, path, new ReportMetadata(title, publisher, Published: FindLeadingDate(page.Text)), page.Text, hash);
        }
        if (TrySplitFrontMatter(raw, out var yaml, out var body))
        {
            body = TextLayout.Normalize(body);
            var meta = ParseFrontMatter(yaml, body, fileName);
            return new Report(id, path, meta, WithHeadline(body, meta.Title, yaml), hash);
        }
        raw = TextLayout.Normalize(raw);
        if (string.IsNullOrWhiteSpace(raw)) throw new InvalidDataException("the file holds no text once its layout (subtitle timings, page markers) is removed");
        var footer = FooterPublisher(raw);
        return new Report(id, path, new ReportMetadata(HeadlineOf(raw) ?? footer ?? LeadingByline(raw) ?? fileName, footer, Published: FindLeadingDate(raw)), raw, hash);
    }

    /// <summary>Control characters other than line breaks and tabs become spaces (offsets stay as they are).</summary>
    private static string CleanControlCharacters(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001F') && !text.AsSpan().ContainsAnyInRange('\u007F', '\u009F')) return text;
        return string.Create(text.Length, text, static (dst, src) =>
        {
            for (var i = 0; i < dst.Length; i++)
            {
                var c = src[i];
                dst[i] = c is '\n' or '\t' || !char.IsControl(c) ? c : ' ';
            }
        });
    }

    private static bool TrySplitFrontMatter(string raw, out string yaml, out string body)
    {
        yaml = ""; body = raw;
        if (!raw.StartsWith("---\n", StringComparison.Ordinal)) return false;
        var end = raw.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        var endAtEof = raw.EndsWith("\n---", StringComparison.Ordinal) ? raw.Length - 4 : -1;
        if (end < 0 && endAtEof < 0) return false;
        if (end < 0) { yaml = raw[4..endAtEof]; body = ""; return true; }
        yaml = raw[4..(end + 1)];
        body = raw[(end + 5)..];
        return true;
    }

    private static ReportMetadata ParseFrontMatter(string yaml, string body, string fileName)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map)
                foreach (var (k, v) in map.Children)
                    if (k is YamlScalarNode { Value: { } key } && v is YamlScalarNode { Value: { } value }) fields.TryAdd(key, value);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            // "title: Tarnby leak: volume revised" is not valid YAML (a colon inside a plain value) but plainly means its
            // title: each "key: value" line is read as written, so the report is not lost. Only a front matter with a line
            // of no such form is refused.
            if (!PlainFields(yaml, fields)) throw new InvalidDataException($"Invalid front matter: {e.Message}", e);
        }
        string? Get(string key) => fields.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var publisher = Get("publisher") ?? FooterPublisher(body);
        var byline = Get("byline") ?? Get("author");
        var title = Get("title") ?? HeadlineOf(body) ?? publisher ?? byline ?? LeadingByline(body) ?? fileName;
        return new ReportMetadata(
            title,
            publisher,
            NormalizeDate(Get("published") ?? Get("date")),
            bool.TryParse(Get("published_inferred"), out var inferred) && inferred,
            Get("published_basis"),
            byline,
            Get("url"));
    }

    /// <summary>
    /// Reads a front matter YAML refused as "key: value" lines, the value taken as written up to the line's end (quotes
    /// around it removed); false when a line that is not blank or a comment has no such form.
    /// </summary>
    private static bool PlainFields(string yaml, Dictionary<string, string> fields)
    {
        foreach (var raw in yaml.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var m = PlainField().Match(line);
            if (!m.Success) return false;
            var value = m.Groups["v"].Value.Trim();
            if (value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\'')) value = value[1..^1];
            fields.TryAdd(m.Groups["k"].Value, value);
        }
        return fields.Count > 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<k>[A-Za-z_][A-Za-z0-9_-]*)\s*:\s*(?<v>.*)$")]
    private static partial System.Text.RegularExpressions.Regex PlainField();

    /// <summary>
    /// The body with the front matter's title as its first line, when the body does not open with it: the headline is
    /// part of what the report says (it can state a figure its body does not, "recall bill tops £12 million"), and a quote
    /// of it must be verbatim at offsets in the report's text.
    /// </summary>
    internal static string WithHeadline(string body, string title, string yaml)
    {
        if (!TitleLine().IsMatch(yaml)) return body;
        foreach (var line in body.AsSpan().EnumerateLines())
        {
            var first = line.Trim().TrimStart('#').Trim();
            if (first.IsEmpty) continue;
            return first.Equals(title.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase) ? body : $"# {title.Trim()}\n\n{body}";
        }
        return $"# {title.Trim()}\n\n{body}";
    }

    [GeneratedRegex(@"^title\s*:", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex TitleLine();

    /// <summary>
    /// The headline: the first line when it reads as one (a Markdown heading, or a short line that does not end a
    /// sentence, with text after it), else null. A first sentence is never taken for a headline.
    /// </summary>
    internal static string? HeadlineOf(string text)
    {
        // A rule or a row of symbols above the title ("_______") is not a headline.
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Any(char.IsLetter)).Take(2).ToList();
        if (lines.Count == 0) return null;
        var first = lines[0];
        var heading = first.StartsWith('#');
        var t = first.TrimStart('#').Trim();
        if (t.Length == 0 || t.Length > 200) return null;
        if (heading) return t;
        if (lines.Count < 2 || t[^1] is '.' or ',' or ';' or ':' || ReportCleaner.WordCount(t) > 25) return null;
        return t;
    }

    /// <summary>The publisher named in a copyright line among the last lines ("© 2026 Regional Wire. All rights reserved."), or null.</summary>
    internal static string? FooterPublisher(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(12);
        foreach (var line in lines.Reverse())
        {
            var m = CopyrightLine().Match(line);
            if (m.Success) return m.Groups["name"].Value.Trim();
        }
        return null;
    }

    /// <summary>The name in a "By …" line among the first lines, or null.</summary>
    private static string? LeadingByline(string text)
    {
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(6))
        {
            var m = BylineLine().Match(line);
            if (m.Success) return m.Groups["name"].Value.Trim();
        }
        return null;
    }

    /// <summary>A publication date printed in the first lines of the text, as ISO yyyy-MM-dd, or null.</summary>
    internal static string? FindLeadingDate(string text)
    {
        var top = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(LabelledDateLines).ToList();
        // A date the report labels as its own ("Issue date: 20 July 2026", "Published: 2026-05-02") comes before a date
        // that only happens to be near the top (the event's, in a notice's title block).
        foreach (var line in top)
            if (DateLabel().Match(line) is { Success: true } label && DateIn(line[(label.Index + label.Length)..]) is { } labelled) return labelled;
        // A table row ("| Date | 11–16 July 2026 |") is an infobox's date of the event, not the report's.
        // A named date counts there only on a short line (a dateline, not a sentence that mentions a day).
        // A line with two dates is a period ("Financial year 1 April 2025 to 31 March 2026"), not the day of issue.
        foreach (var line in top.Take(6).Where(l => !l.StartsWith('|') && DateCount(l) < 2))
            if (DateIn(line, named: line.Length < 60) is { } date) return date;
        // A letter, statement or report signed off at its foot ("Lessing, 18 June 2026") carries its date there.
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(SignOffLines).Reverse())
            if (line.Length < 60 && IsSignOff(line) && DateIn(line) is { } signed) return signed;
        return null;
    }

    /// <summary>How many lines from the foot a sign-off date ("Lessing, 18 June 2026") is looked for in.</summary>
    public const int SignOffLines = 5;

    private static int DateCount(string line) => IsoDate().Count(line) + NamedDate().Count(line);

    /// <summary>A line that is only a date, or a place and a date: "Lessing, 18 June 2026", "12 March 2026."</summary>
    private static bool IsSignOff(string line)
    {
        var date = SignOffPlace().Replace(line, "", 1).TrimEnd('.');
        return IsoDate().Match(date) is { Success: true, Index: 0 } iso && iso.Length == date.Length
            || NamedDate().Match(date) is { Success: true, Index: 0 } named && named.Length == date.Length;
    }

    /// <summary>The place a sign-off opens with: "Lessing, ".</summary>
    [GeneratedRegex(@"^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3},\s*")]
    private static partial Regex SignOffPlace();

    /// <summary>How many lines from the top a labelled date is looked for in.</summary>
    public const int LabelledDateLines = 15;

    /// <summary>The first ISO date in <paramref name="text"/> (or, when <paramref name="named"/>, a named one: "20 July 2026"), as yyyy-MM-dd.</summary>
    private static string? DateIn(string text, bool named = true)
    {
        var iso = IsoDate().Match(text);
        if (iso.Success && DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d1))
            return d1.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var m = named ? NamedDate().Match(text) : null;
        return m is { Success: true } && TryParseNamed(m.Value, out var d2) ? d2.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A line's label saying the date after it is the report's own: "Issue date:", "Published -", "Dated:" (a bare
    /// "Date:" may be an infobox's date of the event, and stays with the first lines' rule below).</summary>
    [GeneratedRegex(@"^(?:issue date|date of issue|date of publication|publication date|dated|issued(?: on)?|published(?: on)?|released(?: on)?|posted(?: on)?)\s*[:\-–]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex DateLabel();

    private static bool TryParseNamed(string value, out DateOnly date)
    {
        var v = value.Replace(",", "", StringComparison.Ordinal).Trim();
        string[] formats = ["MMMM d yyyy", "MMM d yyyy", "d MMMM yyyy", "d MMM yyyy", "MMMM dd yyyy", "dd MMMM yyyy"];
        return DateOnly.TryParseExact(v, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date);
    }

    private static string? NormalizeDate(string? value)
    {
        if (value is null) return null;
        if (Regex.IsMatch(value, "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")) return value;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
            return dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return value;
    }

    [GeneratedRegex(@"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")]
    private static partial Regex IsoDate();

    // "(c)" is a copyright sign only before a year or a capital: "(c) a right for member farms to leave …" is a list's third item.
    [GeneratedRegex(@"^(?:copyright\s*)?(?:©|\(c\)(?=\s*(?:[0-9]{4}|(?-i:\p{Lu})))|copyright)\s*(?:[0-9]{4}(?:\s*[-–]\s*[0-9]{4})?)?[\s,]*(?<name>\p{L}[^.|•·]{1,79}?)\s*(?:\.|$|\||•|·)", RegexOptions.IgnoreCase)]
    private static partial Regex CopyrightLine();

    [GeneratedRegex(@"^(?:By|BY|by)\s+(?<name>\p{Lu}[^|•·]{1,79}?)\s*$")]
    private static partial Regex BylineLine();

    [GeneratedRegex(@"\b((January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? [0-9]{1,2},? [0-9]{4}|[0-9]{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) [0-9]{4})\b")]
    private static partial Regex NamedDate();
}

/// <summary>Turns an HTML page into plain text: one paragraph per block element, with structural page furniture
/// (scripts, navigation, headers, footers, forms, asides) left out.</summary>
internal static partial class HtmlText
{
    private static readonly string FurnitureSelector = string.Join(", ", new[] { "cookie", "consent", "newsletter", "subscribe", "signup", "sign-up", "breadcrumb", "related", "share-", "social", "advert", "promo", "popup", "modal", "paywall" }
        .SelectMany(w => new[] { $"[class*='{w}' i]", $"[id*='{w}' i]" }));

    private static readonly string[] DroppedElements = ["script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer", "aside", "form", "button", "select", "input", "textarea", "dialog"];
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "td", "th", "dt", "dd", "caption" };

    /// <summary>A page's text, its headline (&lt;h1&gt;, else &lt;title&gt;), and the publisher its metadata or footer names.</summary>
    public sealed record Page(string? Title, string Text, string? SiteName, string? FooterPublisher);

    public static Page Extract(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        var title = doc.Title?.Trim();
        var siteName = MetaContent(doc, "meta[property='og:site_name']", "meta[name='og:site_name']", "meta[name='publisher']", "meta[name='application-name']");
        // The footer goes with the furniture, but its copyright line names the publisher.
        string? footerPublisher = null;
        foreach (var footer in doc.QuerySelectorAll("footer").Reverse())
        {
            var lines = footer.QuerySelectorAll("p, small, div, span, li").Select(e => Normalize(e.TextContent)).Append(Normalize(footer.TextContent));
            footerPublisher = lines.Select(l => ReportLoader.FooterPublisher(l)).FirstOrDefault(p => p is not null);
            if (footerPublisher is not null) break;
        }
        foreach (var tag in DroppedElements)
            foreach (var e in doc.QuerySelectorAll(tag).ToList())
            {
                // An article's own header (headline, byline) stays; the page's header and footer go.
                if (tag is "header" && e.Closest("article") is not null) continue;
                // An editorial note set aside from the text ("<aside class="correction">Correction, 14 May: This article
                // originally stated …") is part of the report: it is how the report corrects itself.
                if (tag is "aside" && IsEditorialNote(e)) continue;
                e.Remove();
            }
        // Page furniture known by its class or id: a cookie banner ("analytics cookies, which expire after 13 months"), a
        // newsletter box, breadcrumbs, related links, share buttons, adverts. Never an element holding the article.
        foreach (var e in doc.QuerySelectorAll(FurnitureSelector).ToList())
            if (e.LocalName is not ("article" or "main" or "body" or "html") && e.QuerySelector("h1, article, main") is null)
                e.Remove();
        var blocks = new List<string>();
        Collect(doc.Body ?? (INode)doc.DocumentElement, blocks);
        var h1 = doc.QuerySelector("h1")?.TextContent;
        if (!string.IsNullOrWhiteSpace(h1)) title = Normalize(h1);
        return new Page(string.IsNullOrWhiteSpace(title) ? null : title, string.Join("\n\n", blocks), siteName, footerPublisher);
    }

    /// <summary>
    /// A correction, clarification, update or editor's note: by its class or id ("correction", "clarification",
    /// "editors-note"), or by the words it opens with ("Correction, 14 May:", "Update:", "Editor's note:"). Not by any class
    /// holding "update" or "editor": "last-updated" and "editors-picks" are page furniture.
    /// </summary>
    private static bool IsEditorialNote(IElement e) =>
        EditorialNoteName().IsMatch((e.ClassName ?? "") + " " + (e.Id ?? "")) || EditorialNoteOpening().IsMatch(Normalize(e.TextContent));

    [GeneratedRegex(@"correction|clarification|editors?-?note|editorial-note", RegexOptions.IgnoreCase)]
    private static partial Regex EditorialNoteName();

    [GeneratedRegex(@"^(?:corrections?|clarifications?|update|updated|editor['’]s note)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EditorialNoteOpening();

    private static string? MetaContent(IDocument doc, params string[] selectors)
    {
        foreach (var selector in selectors)
        {
            var value = doc.QuerySelector(selector)?.GetAttribute("content");
            if (!string.IsNullOrWhiteSpace(value) && !Uri.IsWellFormedUriString(value.Trim(), UriKind.Absolute)) return Normalize(value);
        }
        return null;
    }

    private static void Collect(INode node, List<string> blocks)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IElement el)
            {
                if (BlockElements.Contains(el.LocalName) && !el.Children.Any(c => BlockElements.Contains(c.LocalName)))
                {
                    var t = Normalize(el.TextContent);
                    if (t.Length > 0) blocks.Add(t);
                }
                else Collect(el, blocks);
            }
            else if (child is IText text && node is IElement parent && !BlockElements.Contains(parent.LocalName))
            {
                var t = Normalize(text.Data);
                if (t.Length > 0) blocks.Add(t);
            }
        }
    }

    private static string Normalize(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
