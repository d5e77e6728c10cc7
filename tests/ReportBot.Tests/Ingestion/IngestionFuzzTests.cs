using System.Globalization;
using System.Text;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Ingestion;

/// <summary>
/// Issue 19: one bad report never stops the others. Several hundred generated report files — random Unicode with every
/// Nd digit block, control characters, binary data, huge lines, empty files, broken front matter, duplicate ids — are
/// synced into a real Qdrant; nothing throws, every file is either indexed or skipped with a reason, and every good
/// report among them is indexed and answerable.
/// </summary>
[Collection("qdrant")]
public sealed class IngestionFuzzTests(QdrantFixture qdrant)
{
    /// <summary>The zero of every run of ten decimal digits (Unicode category Nd), in and beyond the BMP.</summary>
    internal static IReadOnlyList<int> DigitZeros { get; } = Enumerable.Range(0, 0x110000)
        .Where(cp => cp is < 0xD800 or > 0xDFFF)
        .Where(cp => CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.DecimalDigitNumber && CharUnicodeInfo.GetDecimalDigitValue(char.ConvertFromUtf32(cp), 0) == 0)
        .ToList();

    private static string Digits(int zero, int value) =>
        string.Concat(value.ToString(CultureInfo.InvariantCulture).Select(d => char.ConvertFromUtf32(zero + (d - '0'))));

    private sealed record GoodReport(string Id, string Place, string Question);

    [Fact]
    public async Task Sync_OfHundredsOfHostileFiles_SkipsTheBadOnesWithAReasonAndAnswersFromTheGoodOnes()
    {
        var folder = TestPaths.NewTempFolder("fuzz-corpus");
        var random = new Random(19);
        var good = new List<GoodReport>();
        var files = 0;
        void Write(string name, string text) { File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(false)); files++; }
        void WriteBytes(string name, byte[] bytes) { File.WriteAllBytes(Path.Combine(folder, name), bytes); files++; }

        // Good reports: a headline, a fact no other file states, and figures in every Nd digit block among them.
        for (var i = 0; i < 60; i++)
        {
            var place = Word(random) + "ford";
            var zero = DigitZeros[i % DigitZeros.Count];
            var id = $"good-{i:000}";
            var body = $"The footbridge at {place} reopened to walkers after eleven months of repairs, the {place} harbour council said on Tuesday.\n\n" +
                       $"Engineers replaced {Digits(zero, 40 + i)} rusted cables and {random.Next(2, 90)} timber planks, a council engineer said.\n\n" +
                       RandomUnicode(random, 200) + "\n";
            var headline = $"{place} footbridge reopens";
            if (i % 3 == 0) Write(id + ".md", $"---\ntitle: \"{headline}\"\npublisher: \"{place} Gazette\"\npublished: \"2026-0{1 + i % 9}-1{i % 10}\"\n---\n{headline}\n\n{body}");
            else if (i % 3 == 1) Write(id + ".txt", $"{headline}\n\n{body}© 2026 {place} Wire\n");
            else Write(id + ".html", $"<html><head><title>{headline}</title><meta property=\"og:site_name\" content=\"{place} Online\"></head><body><article><h1>{headline}</h1>{string.Concat(body.Split("\n\n").Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>"))}</article></body></html>");
            good.Add(new GoodReport(id, place, $"When did the footbridge at {place} reopen?"));
        }

        // Every Nd block in figures that claim extraction reads ("໙໙ troops were sent").
        for (var i = 0; i < DigitZeros.Count; i++)
        {
            var zero = DigitZeros[i];
            Write($"digits-{i:000}.md", $"---\ntitle: \"Figures in block U+{zero:X4}\"\n---\nAbout {Digits(zero, 1000 + i)} troops were sent, up from {Digits(zero, 3)},{Digits(zero, 250)} last year, officials said.\n\n" +
                  $"On {Digits(zero, 2026)}-{Digits(zero, 3)}-{Digits(zero, 14)} some {Digits(zero, 12)}.{Digits(zero, 5)} per cent of {Digits(zero, 9)} people were hurt, a report said.\n");
        }

        for (var i = 0; i < 70; i++) Write($"unicode-{i:000}.md", RandomUnicode(random, random.Next(1, 4000)));
        for (var i = 0; i < 25; i++) Write($"control-{i:000}.txt", "Control\n" + string.Concat(Enumerable.Range(0, 2000).Select(_ => (char)random.Next(0, 0x20))) + "\u007F\u0085\u009F a sentence that ends.");
        for (var i = 0; i < 25; i++) { var b = new byte[random.Next(1, 5000)]; random.NextBytes(b); WriteBytes($"binary-{i:000}.md", b); }
        for (var i = 0; i < 10; i++) WriteBytes($"latin1-{i:000}.txt", Encoding.Latin1.GetBytes("Caf\u00e9 report\n\nThe caf\u00e9 in Sm\u00f8rby closed after 3 years, its owner said."));
        for (var i = 0; i < 15; i++) Write($"empty-{i:000}.{(i % 2 == 0 ? "md" : "txt")}", i % 3 == 0 ? "" : new string(' ', i) + "\n\n\t\n");
        Write("huge-line-1.txt", "Huge line\n\n" + string.Join(' ', Enumerable.Range(0, 60_000).Select(_ => Word(random))));
        Write("huge-line-2.md", string.Join(", ", Enumerable.Range(0, 30_000).Select(n => $"{n} troops")) + ".");
        Write("huge-line-3.md", "A headline\n\n" + new string('x', 400_000));
        string[] broken =
        [
            "---\ntitle: [unclosed\n---\nBody text that is long enough to be a sentence.",
            "---\ntitle: \"no end of front matter\nBody text.",
            "---\n: : :\n---\n",
            "---\n---\n",
            "---\ntitle:\n  - a\n  - list\npublished: not a date\n---\nA body sentence here.",
            "---\n\ttitle: tabs\n---\nBody.",
            "---\ntitle: &a [*a]\n---\nAnchors.",
            "---\n" + new string('{', 5000) + "\n---\nDeep.",
            "---\ntitle: \"ok\"\npublished: 2026-13-45\n---\nA date that is no date.",
            "<html><head><title>Unclosed",
            "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 3000)) + "deep</body></html>",
            "\uFEFF\uFEFF---\ntitle: bom\n---\nText.",
            "# \n\n#\n\n" + new string('#', 300),
            "\uD800 lone surrogate written as replacement",
        ];
        for (var i = 0; i < broken.Length; i++) Write($"broken-{i:000}.{(broken[i].StartsWith('<') ? "html" : "md")}", broken[i]);
        for (var i = 0; i < broken.Length; i++) Write($"broken-html-{i:000}.html", broken[i]);
        // Two files with one id: the first (in file name order) is indexed, the other skipped.
        Write("dup.md", "Duplicate one\n\nThe first of two files with one id says the quay in Dunvarrow flooded.");
        Write("dup.txt", "Duplicate two\n\nThe second file with that id.");

        await using var s = new TestServices(qdrant, folder);
        var summary = await s.SyncAsync();

        var state = s.Get<CorpusState>();
        var indexed = state.Current.Reports.Select(r => r.Report.Id).ToHashSet();
        var skipped = summary.Skipped!;
        files.ShouldBeGreaterThan(300);
        (indexed.Count + skipped.Count).ShouldBe(files, "every file is either indexed or skipped");
        state.Skipped.ShouldBe(skipped);
        skipped.ShouldAllBe(x => x.Reason.Length > 0 && !x.Reason.Contains('\n'));
        skipped.ShouldContain(x => x.File == "dup.txt" && x.Reason.Contains("same id"));
        skipped.ShouldContain(x => x.File == "empty-000.md" && x.Reason.Contains("empty"));
        skipped.ShouldContain(x => x.File == "latin1-000.txt" && x.Reason.Contains("UTF-8"));
        skipped.Where(x => x.File.StartsWith("binary-", StringComparison.Ordinal)).Count().ShouldBe(25);
        foreach (var g in good) indexed.ShouldContain(g.Id);
        for (var i = 0; i < DigitZeros.Count; i++) indexed.ShouldContain($"digits-{i:000}", "a figure in any digit block is no reason to skip a report");

        foreach (var g in good)
        {
            var answer = await s.AskAsync(g.Question);
            answer.Answerable.ShouldBeTrue(g.Question);
            answer.Citations.ShouldContain(c => c.ReportId == g.Id, g.Question);
        }

        // A re-sync of the same files: the same reports, the same reasons, nothing tried again.
        var again = await s.SyncAsync();
        again.Added.ShouldBe(0);
        again.Skipped.ShouldBe(skipped);
        Directory.Delete(folder, recursive: true);
    }

    private static string Word(Random random)
    {
        string[] syllables = ["bar", "ken", "dal", "mor", "vin", "tor", "lis", "quen", "ash", "rud", "pel", "zan"];
        var word = string.Concat(Enumerable.Range(0, random.Next(2, 4)).Select(_ => syllables[random.Next(syllables.Length)]));
        return char.ToUpperInvariant(word[0]) + word[1..];
    }

    /// <summary>Random text: any Unicode scalar (digits of every block included), spaces, line breaks and sentence ends.</summary>
    private static string RandomUnicode(Random random, int length)
    {
        var sb = new StringBuilder(length);
        while (sb.Length < length)
        {
            var pick = random.Next(10);
            if (pick < 2) sb.Append(' ');
            else if (pick == 2) sb.Append(random.Next(4) == 0 ? "\n\n" : ". ");
            else if (pick == 3) sb.Append(char.ConvertFromUtf32(DigitZeros[random.Next(DigitZeros.Count)] + random.Next(10)));
            else
            {
                int cp;
                do cp = random.Next(4) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0x20, 0x10000);
                while (cp is >= 0xD800 and <= 0xDFFF || CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate);
                sb.Append(char.ConvertFromUtf32(cp));
            }
        }
        return sb.ToString();
    }
}
