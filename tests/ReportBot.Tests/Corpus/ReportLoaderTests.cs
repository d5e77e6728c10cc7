using System.Text.RegularExpressions;
using ReportBot.Core.Corpus;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Corpus;

public sealed class ReportLoaderTests
{
    [Fact]
    public void APatternThatRanOutOfTime_IsReportedInPlainWords()
    {
        var reason = ReportLoader.ReasonOf(new RegexMatchTimeoutException("x", "(a+)+$", TimeSpan.FromSeconds(2)));
        reason.ShouldContain("took longer than 2 s");
        reason.ShouldContain("the other reports are unaffected");
        reason.ShouldNotContain("(a+)+$", Case.Sensitive, "the pattern is no use to the user");
    }

    // A hand-written front matter is read as its writer meant it: a headline with a colon in it is not valid YAML, yet the
    // report is loaded with that title; only a front matter with a line of no "key: value" form is refused, with the reason.
    [Fact]
    public void A_title_with_a_colon_in_it_keeps_the_report_and_its_fields()
    {
        var dir = TestPaths.NewTempFolder("front-matter-colon");
        var path = Path.Combine(dir, "wire.md");
        File.WriteAllText(path, "---\ntitle: Tarnby leak: volume revised\npublisher: \"Northern Wire\"\npublished: 2026-02-05\n---\nThe volume of acid is now put at 42 tonnes.\n");

        var report = ReportLoader.LoadFile(path);

        report.Metadata.Title.ShouldBe("Tarnby leak: volume revised");
        report.Metadata.Publisher.ShouldBe("Northern Wire");
        report.Metadata.Published.ShouldBe("2026-02-05");
        report.Text.ShouldContain("42 tonnes");
    }

    // A plain-text report whose last lines are a lettered list: "(c) a right to …" is the list's third item, not a copyright
    // line naming the publisher; "(c) 2026 Harbour Wire" and "(C) Harbour Wire Ltd" are.
    [Theory]
    [InlineData("(b) a fund for the boatyards; and\n(c) a right for members to leave on six\nmonths' notice.\n", null)]
    [InlineData("End of notice.\n(c) 2026 Harbour Wire. All rights reserved.\n", "Harbour Wire")]
    [InlineData("End of notice.\n(C) Harbour Wire Ltd\n", "Harbour Wire Ltd")]
    public void A_lettered_list_item_is_no_copyright_line(string ending, string? publisher)
    {
        var dir = TestPaths.NewTempFolder("copyright-or-list");
        var path = Path.Combine(dir, "notice.txt");
        File.WriteAllText(path, "HARBOUR BOARD NOTICE\n\nThe board may impose:\n\n(a) a levy on moorings;\n" + ending);

        var report = ReportLoader.LoadFile(path);

        report.Metadata.Publisher.ShouldBe(publisher);
        report.Metadata.Title.ShouldBe("HARBOUR BOARD NOTICE");
    }

    // An undated plain-text report: the period it covers near the top is no day of issue; the place and date it is signed
    // off with at its foot are.
    [Theory]
    [InlineData("FENWICK WATER BOARD\nReview of the year\nPeriod covered: 1 July 2025 to 30 June 2026\n\nLeaks fell by a tenth.\n\nOrla Penhallow, Chair\nBrackwell, 3 August 2026\n", "2026-08-03")]
    [InlineData("FENWICK WATER BOARD\nReview of the year\nPeriod covered: 1 July 2025 to 30 June 2026\n\nLeaks fell by a tenth, the board said on 3 August 2026 in a statement.\n", null)]
    [InlineData("FENWICK WATER BOARD\nIssued 12 May 2026\n\nLeaks fell by a tenth.\n\nBrackwell, 3 August 2026\n", "2026-05-12")]
    public void A_period_at_the_top_is_no_date_of_issue_and_a_sign_off_at_the_foot_is(string text, string? published)
    {
        var dir = TestPaths.NewTempFolder("sign-off-date");
        var path = Path.Combine(dir, "review.txt");
        File.WriteAllText(path, text);

        ReportLoader.LoadFile(path).Metadata.Published.ShouldBe(published);
    }

    [Fact]
    public void A_front_matter_that_is_no_list_of_fields_is_refused_with_the_reason()
    {
        var dir = TestPaths.NewTempFolder("front-matter-broken");
        File.WriteAllText(Path.Combine(dir, "broken.md"), "---\ntitle: [unclosed: list\n  - and: {odd\n---\nBody.\n");
        var skipped = new List<SkippedReport>();

        ReportLoader.LoadFolder(dir, skipped).ShouldBeEmpty();

        skipped.ShouldHaveSingleItem().Reason.ShouldContain("front matter");
    }
}
