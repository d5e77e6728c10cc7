using ReportBot.Core.Answering;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>How an answer names a report. Titles written for this test, in none of the corpora.</summary>
public sealed class ReportLabelTests
{
    [Theory]
    [InlineData("Dunmore Gazette", "Harbour wall fails", "2026-03-02", "Dunmore Gazette (2026-03-02)")]
    [InlineData(null, "Harbour wall fails", null, "Harbour wall fails")]
    // A judgment's neutral citation: "[2025]" in an answer would read as a citation marker that resolves to nothing.
    [InlineData(null, "Neutral Citation Number: [2025] EWCA Civ 88", "2025-02-01", "Neutral Citation Number: (2025) EWCA Civ 88 (2025-02-01)")]
    [InlineData("Court Reports [Civil]", null, null, "Court Reports (Civil)")]
    public void A_report_is_named_by_publisher_or_title_and_date_without_square_brackets(string? publisher, string? title, string? published, string expected) =>
        ReportLabel.Of(publisher, title, published, "report-id").ShouldBe(expected);

    [Fact]
    public void A_report_without_publisher_or_title_is_named_by_its_id() =>
        ReportLabel.Of(null, null, null, "minutes-2026-04").ShouldBe("minutes-2026-04");
}
