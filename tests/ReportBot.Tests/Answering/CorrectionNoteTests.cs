using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// A report that corrects its own figure in a note ("This article originally stated … The correct figure is …") answers
/// with the corrected figure, not the one its body still carries. Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class CorrectionNoteTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task A_corrected_figure_replaces_the_one_the_report_retracts()
    {
        var dir = TestPaths.NewTempFolder("correction-note");
        File.WriteAllText(Path.Combine(dir, "skerne-gazette.html"), """
            <html><head><title>Skerne ferry to close</title><meta name="publisher" content="Skerne Gazette"></head><body><article>
            <h1>Skerne ferry route to close in October</h1>
            <p>The Skerne ferry will stop running in October, and the closure will put 60 jobs at risk, the operator said.</p>
            <p>The route has carried passengers across the estuary since 1952.</p>
            <aside class="correction"><p>Correction, 3 June 2026: This article originally stated that 60 jobs were at risk. The correct figure, according to the operator, is 46.</p></aside>
            </article></body></html>
            """);
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many jobs are at risk from the Skerne ferry closure?");

        a.Answerable.ShouldBeTrue(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("46", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("60", Case.Sensitive, a.Answer);
    }
}
