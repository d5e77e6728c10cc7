using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using YamlDotNet.RepresentationModel;

namespace ReportBot.Core.Corpus;

/// <summary>
/// Reads reports from a folder: Markdown with YAML front matter, and plain .txt / .md / .html files without it
/// (title = first line or &lt;title&gt;; a date only when one is printed near the top).
/// </summary>
public static partial class ReportLoader
{
    private static readonly string[] Extensions = [".md", ".markdown", ".txt", ".html", ".htm"];

    /// <summary>Loads every report file under <paramref name="folder"/> (recursively, sorted by id). README files are skipped.</summary>
    public static IReadOnlyList<Report> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The corpus folder '{folder}' does not exist.");
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Where(f => !Path.GetFileNameWithoutExtension(f).Equals("README", StringComparison.OrdinalIgnoreCase))
            .Select(LoadFile)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Loads one report file.</summary>
    public static Report LoadFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var raw = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal);
        var id = Path.GetFileNameWithoutExtension(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".html" or ".htm")
        {
            var (title, text) = HtmlText.Extract(raw);
            title ??= FirstLine(text);
            return new Report(id, path, new ReportMetadata(title, Published: FindLeadingDate(text)), text, hash);
        }
        if (TrySplitFrontMatter(raw, out var yaml, out var body))
        {
            var meta = ParseFrontMatter(yaml, body);
            return new Report(id, path, meta, body, hash);
        }
        return new Report(id, path, new ReportMetadata(FirstLine(raw), Published: FindLeadingDate(raw)), raw, hash);
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

    private static ReportMetadata ParseFrontMatter(string yaml, string body)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlDotNet.Core.YamlException e) { throw new InvalidDataException($"Invalid front matter: {e.Message}", e); }
        var map = stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        string? Get(string key)
        {
            if (map is null) return null;
            foreach (var (k, v) in map.Children)
                if (k is YamlScalarNode ks && string.Equals(ks.Value, key, StringComparison.OrdinalIgnoreCase) && v is YamlScalarNode vs)
                    return string.IsNullOrWhiteSpace(vs.Value) ? null : vs.Value.Trim();
            return null;
        }
        var title = Get("title") ?? FirstLine(body);
        return new ReportMetadata(
            title,
            Get("publisher"),
            NormalizeDate(Get("published") ?? Get("date")),
            bool.TryParse(Get("published_inferred"), out var inferred) && inferred,
            Get("published_basis"),
            Get("byline") ?? Get("author"),
            Get("url"));
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var t = line.Trim().TrimStart('#').Trim();
            if (t.Length > 0) return t.Length > 200 ? t[..200] : t;
        }
        return "(untitled)";
    }

    /// <summary>A publication date printed in the first lines of the text, as ISO yyyy-MM-dd, or null.</summary>
    internal static string? FindLeadingDate(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(6);
        foreach (var line in lines)
        {
            var iso = IsoDate().Match(line);
            if (iso.Success && DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d1))
                return d1.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var named = NamedDate().Match(line);
            if (named.Success && line.Length < 60 && TryParseNamed(named.Value, out var d2))
                return d2.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static bool TryParseNamed(string value, out DateOnly date)
    {
        var v = value.Replace(",", "", StringComparison.Ordinal).Trim();
        string[] formats = ["MMMM d yyyy", "MMM d yyyy", "d MMMM yyyy", "d MMM yyyy", "MMMM dd yyyy", "dd MMMM yyyy"];
        return DateOnly.TryParseExact(v, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date);
    }

    private static string? NormalizeDate(string? value)
    {
        if (value is null) return null;
        if (Regex.IsMatch(value, @"^\d{4}(-\d{2}(-\d{2})?)?$")) return value;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt))
            return dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return value;
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b((January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2},? \d{4}|\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b")]
    private static partial Regex NamedDate();
}

/// <summary>Turns an HTML page into plain text: one paragraph per block element, with structural page furniture
/// (scripts, navigation, headers, footers, forms, asides) left out.</summary>
internal static class HtmlText
{
    private static readonly string[] DroppedElements = ["script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer", "aside", "form", "button", "select", "input", "textarea", "dialog"];
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    { "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "td", "th", "dt", "dd", "caption" };

    public static (string? Title, string Text) Extract(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        var title = doc.Title?.Trim();
        foreach (var tag in DroppedElements)
            foreach (var e in doc.QuerySelectorAll(tag).ToList())
            {
                // An article's own header (headline, byline) stays; the page's header and footer go.
                if (tag is "header" && e.Closest("article") is not null) continue;
                e.Remove();
            }
        var blocks = new List<string>();
        Collect(doc.Body ?? (INode)doc.DocumentElement, blocks);
        var h1 = doc.QuerySelector("h1")?.TextContent;
        if (!string.IsNullOrWhiteSpace(h1)) title = Normalize(h1);
        return (string.IsNullOrWhiteSpace(title) ? null : title, string.Join("\n\n", blocks));
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
