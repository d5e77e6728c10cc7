using System.Text.RegularExpressions;
using ReportBot.Core.Evaluation;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Evaluation;

public sealed class HtmlReportTests
{
    [Fact]
    public async Task Render_EscapesAllReportAndQuestionText()
    {
        var html = HtmlReport.Render(await SampleRuns.RunAsync());

        html.ShouldNotContain("<script");
        html.ShouldNotContain("<b>bold</b>");
        html.ShouldNotContain("<mill>");
        html.ShouldNotContain("<Brackenford>");
        html.ShouldContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;");
        html.ShouldContain("When will the &lt;mill&gt; reopen?");
        html.ShouldContain("Fire at the &lt;Brackenford&gt; mill");
    }

    [Fact]
    public async Task Render_IsSelfContained()
    {
        var html = HtmlReport.Render(await SampleRuns.RunAsync());

        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<style>");
        // The only URL is the SVG namespace; nothing is loaded from anywhere, and there is no script at all.
        Regex.Matches(html, @"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase).Select(m => m.Value).Distinct().ShouldBe(["http://www.w3.org"]);
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("@import");
        html.ShouldNotContain("url(");
    }

    [Fact]
    public async Task Render_HasTheSummaryAChartPerMetricAndPerTagAndEveryQuestion()
    {
        var run = await SampleRuns.RunAsync();
        var html = HtmlReport.Render(run);

        html.ShouldContain("<section id=\"summary\">");
        foreach (var metric in MetricCatalog.All) html.ShouldContain($"<figure class=\"chart\" id=\"metric-{metric.Name}\">");
        foreach (var tag in run.ByTag.Keys) html.ShouldMatch($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"496\" height=\"[0-9]+\" viewBox=\"0 0 496 [0-9]+\" aria-label=\"{tag}\">");
        Regex.Count(html, "<details class=\"q ").ShouldBe(run.Results.Count);
        foreach (var r in run.Results) html.ShouldContain($"<code class=\"qid\">{r.Question.Id}</code>");
    }

    [Fact]
    public async Task Render_ShowsEachQuestionsAnswerCitationsDisagreementsAndFailures()
    {
        var html = HtmlReport.Render(await SampleRuns.RunAsync());

        var injured = Section(html, "injured");
        injured.ShouldContain("<span class=\"badge pass\">pass</span>");
        injured.ShouldContain("twelve workers <sup class=\"m\">[1]</sup>");
        injured.ShouldContain("<strong>The reports disagree</strong>");
        injured.ShouldContain("<blockquote>Twelve workers were injured when the fire spread.</blockquote>");
        injured.ShouldContain("<b>the number of injured workers</b> <span class=\"kind\">contradiction</span>");
        injured.ShouldContain("Nothing failed.");

        var reopen = Section(html, "reopen");
        reopen.ShouldContain("<span class=\"badge fail\">fail</span>");
        reopen.ShouldContain("<li>missing fact June</li>");

        var crash = Section(html, "crash");
        crash.ShouldContain("<span class=\"badge error\">error</span>");
        crash.ShouldContain("error: 503 (Service Unavailable)");
    }

    [Fact]
    public async Task Render_WithABaseline_ShowsDeltasAndHighlightsRegressions()
    {
        var before = ResultsFile.From(await SampleRuns.RunAsync());
        var run = await SampleRuns.RunAsync(worse: true);
        var html = HtmlReport.Render(run, Baseline.Compare(run, before));

        html.ShouldContain("<section id=\"regressions\">");
        html.ShouldContain("<th>baseline</th><th>Δ</th>");
        html.ShouldContain("<tr class=\"worse\"><td title=\"Share of expected facts");
        html.ShouldContain("<span class=\"down\">−0.5</span>");
        html.ShouldContain("<a href=\"#q-0\"><code>injured</code></a>");
        var injured = Section(html, "injured");
        injured.ShouldContain("<span class=\"badge regressed\">regressed</span>");
        injured.ShouldContain("<li>facts 1 → 0</li>");
        injured.ShouldContain("<li>new failure: expected disagreement not flagged</li>");
        Section(html, "owner").ShouldNotContain("regressed");
    }

    /// <summary>The expandable block of one question.</summary>
    private static string Section(string html, string id)
    {
        var code = html.IndexOf($"<code class=\"qid\">{id}</code>", StringComparison.Ordinal);
        code.ShouldBeGreaterThan(0);
        var start = html.LastIndexOf("<details class=\"q ", code, StringComparison.Ordinal);
        return html[start..(html.IndexOf("</details>", code, StringComparison.Ordinal) + 10)];
    }
}
