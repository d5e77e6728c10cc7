using System.Text;
using ReportBot.Core.Corpus;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// Reports a user may bring that break the usual shape (issue 17, "Bad input"): no date, only a headline, 200 KB long,
/// one repeating another's figure with attribution, and one not in English. Each question gets a sensible answer or a
/// clear decline: never an error, never a value no report states, every quote verbatim. Written for this test; in none of
/// the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class AwkwardReportsTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("awkward-corpus");
        File.WriteAllText(Path.Combine(dir, "undated-bulletin.txt"),
            "Ferry services to Skarvøy resume\n\nThe harbour board said the ferry to Skarvøy will resume on Friday 19 June after repairs to the slipway. About 140 islanders had been cut off for a week.");
        File.WriteAllText(Path.Combine(dir, "headline-only.md"), "# Skarvøy slipway repairs finished\n");
        var filler = new StringBuilder("---\ntitle: Harbour board annual review\npublished: 2026-06-01\n---\n\n");
        for (var i = 0; filler.Length < 200_000; i++)
            filler.Append($"Section {i}: the board reviewed moorings, buoy maintenance and pilotage fees for the northern quays in detail. ");
        filler.Append("The slipway at Skarvøy cost 2.4 million kroner to repair, the board said.");
        File.WriteAllText(Path.Combine(dir, "annual-review.md"), filler.ToString());
        File.WriteAllText(Path.Combine(dir, "island-weekly.md"),
            "---\ntitle: Islanders welcome ferry return\npublished: 2026-06-12\n---\n\nAccording to the harbour board, about 140 islanders had been cut off while the slipway was repaired. Shopkeepers said trade would recover quickly.");
        File.WriteAllText(Path.Combine(dir, "norsk-melding.md"),
            "---\ntitle: Ferja til Skarvøy er tilbake\npublished: 2026-06-13\n---\n\nFerja til Skarvøy går igjen fra fredag. Rundt 140 øyboere var isolert i en uke mens slippen ble reparert.");
        return dir;
    }

    [Theory]
    [InlineData("When will the ferry to Skarvøy resume?", "19 June", false)]
    [InlineData("How much did the slipway repairs cost?", "2.4 million", false)]
    [InlineData("How many islanders were cut off?", "140", false)]
    [InlineData("Når går ferja til Skarvøy igjen?", null, false)]
    [InlineData("How many ferries were damaged?", null, true)]
    public async Task EveryQuestion_GetsASensibleAnswerOrAClearDecline(string question, string? expected, bool mustDecline)
    {
        var corpus = Corpus();
        await using var s = new TestServices(qdrant, corpus);
        var summary = await s.SyncAsync();
        summary.ShouldNotBeNull();
        var reports = ReportLoader.LoadFolder(corpus).ToDictionary(r => r.Id, r => r.Text);
        reports.Count.ShouldBe(5, "every awkward report is read");

        var a = await s.AskAsync(question);

        foreach (var c in a.Citations) reports[c.ReportId][c.Start..c.End].ShouldBe(c.Quote, "quotes are verbatim");
        if (expected is null)
        {
            // A question in another language or about something no report states: declined, or answered only by quoting.
            if (a.Answerable) a.Citations.ShouldNotBeEmpty(a.Answer);
            if (mustDecline) a.Answerable.ShouldBeFalse(a.Answer);
            return;
        }
        a.Answerable.ShouldBeTrue(a.Answer);
        a.Answer.ShouldContain(expected);
        // A report repeating the harbour board's figure with attribution is no second side: 140 is not set against itself.
        a.Disagreements.ShouldBeEmpty(a.Answer);
    }
}
