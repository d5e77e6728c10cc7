using ReportBot.Core.Claims;
using System.Text.Json.Nodes;
using ReportBot.Core.Answering;
using ReportBot.Server.Channels.Slack;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Slack;

/// <summary>Block Kit translation of an answer: escaping, markers, sources, the disagreement section and Slack's limits.</summary>
public sealed class SlackMessageBuilderTests
{
    private static Citation Cite(int n, string quote, string title = "Report title", string? publisher = "Example Wire", string? date = "2025-01-02") =>
        new(n, $"report-{n}", title, publisher, date, quote, 0, quote.Length);

    private static AnswerResult Answer(string text, IReadOnlyList<Citation> citations, IReadOnlyList<Disagreement>? disagreements = null) =>
        new(text, citations.Count > 0, citations, disagreements ?? [], "q", []);

    private static IEnumerable<JsonObject> Blocks(SlackMessage m) => m.Blocks.Select(b => b!.AsObject());

    private static string Texts(SlackMessage m) => string.Join("\n", Blocks(m).Select(b =>
        b["text"]?["text"]?.GetValue<string>() ?? string.Join(" ", b["elements"]?.AsArray().Select(e => e!["text"]!.GetValue<string>()) ?? [])));

    /// <summary>A context block's elements joined as shown: the mrkdwn label and the plain-text source.</summary>
    private static string ContextText(JsonObject b) => string.Join(" ", b["elements"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()));

    [Fact]
    public void FromAnswer_ShowsReportTextAsPlainTextAndKeepsMarkers()
    {
        var m = SlackMessageBuilder.FromAnswer(Answer("Profits & losses <b>rose</b> > 5% [1]. **Bold** <https://x.example|claim> [2].", [Cite(1, "A & B <c> *d*"), Cite(2, "Second")]));
        var first = Blocks(m).First()["text"]!.AsObject();
        first["type"]!.GetValue<string>().ShouldBe("plain_text", "Slack shows plain text as written: no mrkdwn, links or mentions");
        first["text"]!.GetValue<string>().ShouldBe("Profits & losses <b>rose</b> > 5% [1]. **Bold** <https://x.example|claim> [2].");
        Texts(m).ShouldContain("A & B <c> *d*");
        m.Text.ShouldContain("[1]");
        m.Text.ShouldNotContain("<b>", Case.Sensitive, "the notification text is escaped");
    }

    [Fact]
    public void FromAnswer_GivesOneContextBlockPerSourceWithTitlePublisherDateAndShortQuote()
    {
        var longQuote = string.Join(' ', Enumerable.Repeat("word", 200));
        var m = SlackMessageBuilder.FromAnswer(Answer("Lead [1][2].\n\nSources:\n- Example Wire: “x” [1]\n- Other: “y” [2]", [Cite(1, "Short quote."), Cite(2, longQuote, "Second title", null, null)]));
        var contexts = Blocks(m).Where(b => b["type"]!.GetValue<string>() == "context").Select(ContextText).ToList();
        contexts.Count.ShouldBe(2);
        contexts[0].ShouldBe("*[1]* Report title · Example Wire · 2025-01-02: “Short quote.”");
        contexts[1].ShouldStartWith("*[2]* Second title · undated: “word word");
        contexts[1].Length.ShouldBeLessThan(SlackMessageBuilder.MaxQuoteLength + 60);
        // The source list of the prose is shown as the context blocks, not twice.
        Blocks(m).First()["text"]!["text"]!.GetValue<string>().ShouldBe("Lead [1][2].");
    }

    [Fact]
    public void FromAnswer_WithDisagreement_HasAMarkedSectionListingEachSideWithSourceAndDate()
    {
        var d = new Disagreement("the number of units", DisagreementKind.ChangedOverTime, "They differ.",
            [new ClaimView("about 100", "About 100 units.", 1, "report-1", "2024-05-01", null), new ClaimView("over 300", "Over 300 units.", 2, "report-2", "2025-03-04", "officials", IsNewer: true)]);
        var text = "The reports give different figures: about 100 units [1]; over 300 units [2].\n\n**The reports disagree** on the number of units: …";
        var m = SlackMessageBuilder.FromAnswer(Answer(text, [Cite(1, "About 100 units.", "First", "Wire One", "2024-05-01"), Cite(2, "Over 300 units.", "Second", "Wire Two", "2025-03-04")], [d]));
        var blocks = Blocks(m).ToList();
        var header = blocks.FindIndex(b => b["type"]!.GetValue<string>() == "header");
        header.ShouldBeGreaterThan(0);
        blocks[header]["text"]!["text"]!.GetValue<string>().ShouldContain(SlackMessageBuilder.DisagreementHeader);
        var section = blocks[header + 1]["text"]!["text"]!.GetValue<string>();
        section.ShouldContain("about 100 — Wire One (2024-05-01) [1]");
        section.ShouldContain("over 300 — Wire Two (2025-03-04) [2], citing officials (newer)");
        blocks[0]["text"]!["text"]!.GetValue<string>().ShouldNotContain("disagree");
        m.Text.ShouldContain(SlackMessageBuilder.DisagreementHeader);
    }

    [Fact]
    public void FromAnswer_HugeAnswer_StaysWithinSlackLimits()
    {
        var citations = Enumerable.Range(1, 80).Select(n => Cite(n, new string('q', 5000), new string('t', 400))).ToList();
        var prose = string.Join("\n\n", Enumerable.Range(1, 40).Select(i => new string('a', 900) + $" [{i}]"));
        var disagreements = Enumerable.Range(1, 60).Select(i => new Disagreement($"topic {i}", DisagreementKind.Contradiction, "s",
            Enumerable.Range(1, 40).Select(k => new ClaimView(new string('v', 100), "s", k, $"report-{k}", null, null)).ToList())).ToList();
        var m = SlackMessageBuilder.FromAnswer(Answer(prose, citations, disagreements));
        m.Blocks.Count.ShouldBeLessThanOrEqualTo(SlackMessageBuilder.MaxBlocks);
        foreach (var b in Blocks(m))
        {
            if (b["text"] is { } t) t["text"]!.GetValue<string>().Length.ShouldBeLessThanOrEqualTo(b["type"]!.GetValue<string>() == "header" ? 150 : 3000);
            if (b["elements"] is { } e) e.AsArray().Count.ShouldBeLessThanOrEqualTo(10);
            if (b["elements"] is { } e2) e2[0]!["text"]!.GetValue<string>().Length.ShouldBeLessThanOrEqualTo(3000);
        }
        m.Text.Length.ShouldBeLessThanOrEqualTo(SlackMessageBuilder.MaxFallbackText);
        Blocks(m).Count(b => b["type"]!.GetValue<string>() == "context").ShouldBeGreaterThan(0);
        Texts(m).ShouldContain("more sources");
    }

    [Fact]
    public void FromAnswer_Declined_IsOneSectionWithoutSources()
    {
        var m = SlackMessageBuilder.FromAnswer(Answer("The reports don't answer this question.", []));
        m.Blocks.Count.ShouldBe(1);
        m.Text.ShouldBe("The reports don't answer this question.");
    }
}
