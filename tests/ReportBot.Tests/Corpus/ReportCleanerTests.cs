using ReportBot.Core.Corpus;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Corpus;

/// <summary>Furniture removal on every report of the corpus and on pages written for the tests:
/// no furniture indexed, every paragraph of the report indexed.</summary>
public sealed class ReportCleanerTests
{
    private static string Kept(string reportId, string folder)
    {
        var report = ReportLoader.LoadFolder(folder).Single(r => r.Id == reportId);
        var cleaned = ReportCleaner.Clean(report);
        return string.Join("\n", cleaned.Paragraphs.Select(p => p.Of(report.Text)));
    }

    public static TheoryData<string, string[], string[]> SeedReports => new()
    {
        {
            "gdc-2025",
            ["Putin has sent S-400 surface-to-air missiles to North Korea in return of 20,000 troops",
             "Vladimir Putin sent an S-400 air defence system",
             "The transfer marks a major violation of international sanctions",
             "Another 8,000 North Korean workers have been sent to Russia",
             "“At least for the foreseeable future, North Korea and Russia intend to continue"],
            ["© 2025, GDC", "Unauthorized use", "Excerpts and links may be used"]
        },
        {
            "moscow-times-2025-03-27",
            ["North Korea Sent More Troops and Weapons to Russia, South Korea’s Military Says",
             "North Korea has deployed an additional 3,000 troops to Russia this year",
             "Of the initial 11,000 North Korean soldiers reportedly sent to Russia, 4,000 are believed to have been killed or wounded",
             "“These numbers could increase depending on the situation on the battlefield,” the JCS warned.",
             "North Korea launched a series of ballistic missiles last year in violation of UN sanctions"],
            ["Support The Moscow Times", "Contribute today", "Sign up for our free weekly newsletter", "Dear readers", "We are facing unprecedented challenges",
             "Remind me later", "Seoul Confirms Ukraine Captured 2 North Korean Soldiers", "At Least 100 North Korean Soldiers Killed",
             "South Korea’s spy agency also said Pyongyang may be planning", "1,500 More Troops", "Min read", "Privacy Policy", "Read more about"]
        },
        {
            "military-alliance-sanctions-report",
            ["North Korea’s Military Alliance with Russia Detailed in New Sanctions Report",
             "In a striking expansion of military cooperation",
             "deployment of over 11,000 North Korean soldiers",
             "Illegal oil shipments: North Korea is estimated to have received more than",
             "U.S. and allied intelligence agencies have confirmed elements of the report"],
            ["Leave a Reply", "Your email address will not be published", "Previous Story", "Operation Spiderweb", "Next Story", "Molotov Attack",
             "Go toTop", "Don't Miss", "Epstein", "Four Deaths", "2 mins read"]
        },
        {
            "anti-air-missiles-for-soldiers",
            ["Russia has provided North Korea with anti-air missiles and air defence equipment",
             "The deployment has led to a shift in tone from Seoul"],
            []
        },
        {
            "missiles-for-troops-claim",
            ["Russia trades missiles for North Korean troops in Ukraine war, claims South Korea",
             "South Korea has alleged that Russia provided anti-aircraft missiles",
             "The reported troop involvement has prompted a shift in South Korea’s stance."],
            ["text_fields"]
        },
    };

    [Theory]
    [MemberData(nameof(SeedReports))]
    public void Clean_OnEachCorpusReport_KeepsTheReportAndDropsFurniture(string id, string[] kept, string[] dropped)
    {
        var text = Kept(id, TestPaths.Corpus);
        foreach (var k in kept) text.ShouldContain(k, Case.Sensitive, $"'{k}' is report text and must be indexed");
        foreach (var d in dropped) text.ShouldNotContain(d, Case.Insensitive, $"'{d}' is page furniture");
    }

    [Fact]
    public void Clean_OnEveryCorpusReport_KeepsEveryLongParagraphBeforeTheFurniture()
    {
        // Every line of 15+ words that is not furniture appears whole among the kept paragraphs.
        foreach (var report in ReportLoader.LoadFolder(TestPaths.Corpus))
        {
            var cleaned = ReportCleaner.Clean(report);
            var keptCount = cleaned.Paragraphs.Count;
            keptCount.ShouldBeGreaterThan(2, report.Id);
            var kept = cleaned.Paragraphs.Select(p => p.Of(report.Text)).ToList();
            var lastKeptEnd = cleaned.Paragraphs.Max(p => p.End);
            foreach (var line in report.Text[..lastKeptEnd].Split('\n').Select(l => l.Trim()).Where(l => l.Split(' ').Length >= 15))
                kept.ShouldContain(p => p.Contains(line, StringComparison.Ordinal) || line.Contains(p, StringComparison.Ordinal), $"{report.Id}: {line}");
        }
    }

    [Fact]
    public void Clean_OnAnHtmlPageWrittenForTheTest_KeepsTheArticleAndDropsThePage()
    {
        const string html = """
            <!doctype html><html><head><title>Harbour crane collapse injures 12 | The Tidewater Gazette</title><script>var x = 1;</script></head>
            <body>
              <nav><a href="/">Home</a> <a href="/world">World</a></nav>
              <div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>
              <article>
                <header><h1>Harbour crane collapse injures 12</h1><p class="byline">By Mara Oduya</p></header>
                <p>Twelve dock workers were injured on Tuesday when a container crane collapsed at the Port of Lindqvist, the harbour authority said.</p>
                <div class="promo"><p>Sign up for our morning newsletter and never miss a story.</p></div>
                <p>The authority said the crane's operator had reported a hydraulic fault two days earlier, a claim the contractor denied.</p>
                <h2>Related stories</h2>
                <ul><li>Ferry strike enters third week as talks stall</li><li>New bridge toll comes into force next month, council confirms</li></ul>
                <p>Our journalism depends on readers like you. Please donate today to keep it free for everyone.</p>
              </article>
              <form><h3>Leave a comment</h3><textarea></textarea></form>
              <footer><p>© 2026 The Tidewater Gazette. All rights reserved.</p></footer>
            </body></html>
            """;
        var folder = TestPaths.NewTempFolder("html");
        File.WriteAllText(Path.Combine(folder, "crane.html"), html);
        var report = ReportLoader.LoadFolder(folder).Single();
        report.Metadata.Title.ShouldBe("Harbour crane collapse injures 12");
        var text = Kept("crane", folder);
        text.ShouldContain("Twelve dock workers were injured on Tuesday");
        text.ShouldContain("a claim the contractor denied.");
        foreach (var f in new[] { "var x", "Home", "cookies", "newsletter", "Related stories", "Ferry strike", "bridge toll", "donate", "Leave a comment", "All rights reserved" })
            text.ShouldNotContain(f, Case.Insensitive);
    }

    [Fact]
    public void LoadFile_KeepsACorrectionSetAside_AndDropsOtherAsides()
    {
        var folder = TestPaths.NewTempFolder("aside-correction");
        File.WriteAllText(Path.Combine(folder, "ferry.html"), """
            <html><body><article><h1>Ferry route to close</h1>
            <p>The Skerne ferry will stop running in October, putting 60 jobs at risk, the operator said.</p>
            <aside class="more-stories"><p>Harbour festival returns for its 30th year with 200 stalls</p></aside>
            <aside class="editors-picks"><p>Lifeboat crew honoured for 40 years of service</p></aside>
            <aside class="last-updated"><p>Page last updated 2 June 2026</p></aside>
            <aside class="correction"><p>Correction, 3 June: This article originally stated that 60 jobs were at risk. The correct figure is 46.</p></aside>
            <aside><p>Update: the operator has since confirmed the closure date as 31 October.</p></aside>
            </article></body></html>
            """);
        var text = Kept("ferry", folder);
        text.ShouldContain("The correct figure is 46.");
        text.ShouldContain("Update: the operator has since confirmed the closure date");
        text.ShouldNotContain("Harbour festival");
        text.ShouldNotContain("Lifeboat crew");
        text.ShouldNotContain("Page last updated");
    }

    [Fact]
    public void LoadFile_DropsFurnitureKnownByItsClassOrId_NeverTheArticle()
    {
        var folder = TestPaths.NewTempFolder("furniture-classes");
        File.WriteAllText(Path.Combine(folder, "pier.html"), """
            <html><body>
            <div class="cookie-banner"><p>We would like to set analytics cookies, which expire after 13 months, to improve the site.</p></div>
            <div id="newsletter-box"><p>Get the 8 most-read stories of the week in your inbox every Friday morning.</p></div>
            <main class="promo-layout"><h1>Pier reopens after repairs</h1>
            <p>The pier reopened on Saturday after 14 weeks of repairs, the harbour trust said.</p>
            <ul class="related-links"><li>Ferry timetable changes for the summer season announced</li></ul></main>
            </body></html>
            """);
        var text = ReportLoader.LoadFolder(folder).Single().Text;
        text.ShouldContain("The pier reopened on Saturday after 14 weeks of repairs");
        text.ShouldNotContain("13 months");
        text.ShouldNotContain("most-read");
        text.ShouldNotContain("Ferry timetable");
    }

    [Fact]
    public void LoadFile_WhenTheFrontMatterTitleIsNotInTheBody_OpensTheTextWithItAsTheHeadline()
    {
        var folder = TestPaths.NewTempFolder("front-matter-title");
        File.WriteAllText(Path.Combine(folder, "tolls.md"), "---\ntitle: \"Ferry fares to rise 8% in April\"\npublisher: Harbour Post\n---\nThe ferry company said fares would rise by 6% from April.\n");
        File.WriteAllText(Path.Combine(folder, "same.md"), "---\ntitle: \"Bridge reopens\"\n---\n# Bridge reopens\n\nThe bridge reopened on Monday.\n");
        File.WriteAllText(Path.Combine(folder, "untitled.md"), "---\npublisher: Harbour Post\n---\nThe pier closed on Friday.\n");
        var reports = ReportLoader.LoadFolder(folder).ToDictionary(r => r.Id);

        reports["tolls"].Text.ShouldStartWith("# Ferry fares to rise 8% in April\n\nThe ferry company said");
        var cleaned = ReportCleaner.Clean(reports["tolls"]);
        cleaned.HeadlineParagraph.ShouldBe(0);
        cleaned.Paragraphs[0].Of(reports["tolls"].Text).ShouldBe("# Ferry fares to rise 8% in April");
        reports["same"].Text.ShouldStartWith("# Bridge reopens\n\nThe bridge");
        reports["same"].Text.IndexOf("Bridge reopens", 3, StringComparison.Ordinal).ShouldBe(-1, "a body that opens with the title does not get it twice");
        reports["untitled"].Text.ShouldStartWith("The pier closed");
    }

    [Fact]
    public void Clean_OnTheSecondCorpus_DropsItsFurniture()
    {
        foreach (var report in ReportLoader.LoadFolder(TestPaths.SecondCorpus))
        {
            var text = string.Join("\n", ReportCleaner.Clean(report).Paragraphs.Select(p => p.Of(report.Text)));
            text.ShouldNotContain("newsletter", Case.Insensitive, report.Id);
            text.ShouldNotContain("subscribe", Case.Insensitive, report.Id);
            text.ShouldNotContain("cookie", Case.Insensitive, report.Id);
            text.ShouldNotContain("©", Case.Insensitive, report.Id);
            text.Split('\n').Length.ShouldBeGreaterThan(4, report.Id);
        }
    }

    [Theory]
    [InlineData("date 2025-03-27 Support The Daily Planet!", true)]
    [InlineData("Sign up for our free weekly newsletter", true)]
    [InlineData("3 min read", true)]
    [InlineData("Monthly", true)]
    [InlineData("The ministry said it would support the reconstruction effort with 40 engineers.", false)]
    [InlineData("Officials had earlier refused to sign up to the ceasefire, the agency reported, citing concerns about monitoring.", false)]
    public void IsLineFurniture_ClassifiesGenericLines(string line, bool furniture) =>
        ReportCleaner.IsLineFurniture(line).ShouldBe(furniture);
}
