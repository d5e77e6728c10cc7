using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// Two reports' amounts of a measure ("300 tonnes" against "450 tonnes") are shown as sides with their unit: a bare
/// "450" says nothing of what was measured; a number that labels one of the things counted ("Station 4") counts nothing.
/// Reports written for this test, in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class MeasureSidesTests(QdrantFixture qdrant)
{
    [Fact]
    public async Task Each_side_of_a_measured_amount_keeps_its_unit()
    {
        var dir = TestPaths.NewTempFolder("measure-sides-corpus");
        File.WriteAllText(Path.Combine(dir, "quay-news.md"),
            "---\ntitle: \"Grain spill at Holm quay\"\npublisher: Holm Quay News\npublished: 2026-09-03\n---\n" +
            "About 300 tonnes of grain spilled into Holm harbour when a conveyor collapsed on Tuesday.\n\nThe quay reopened on Thursday.\n");
        File.WriteAllText(Path.Combine(dir, "port-authority.md"),
            "---\ntitle: \"Holm conveyor collapse: update\"\npublisher: Holm Port Authority\npublished: 2026-09-04\n---\n" +
            "The authority said 450 tonnes of grain spilled into Holm harbour after the conveyor collapse.\n\nDivers have cleared the berth.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How much grain spilled into Holm harbour?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("300 tonnes", Case.Sensitive, a.Answer);
        lead.ShouldContain("450 tonnes", Case.Sensitive, a.Answer);
    }

    [Fact]
    public async Task A_number_labelling_one_of_the_things_counted_is_no_count_of_them()
    {
        var dir = TestPaths.NewTempFolder("label-numbers-corpus");
        File.WriteAllText(Path.Combine(dir, "ride-report.md"),
            "---\ntitle: \"Fenmoor sportive review\"\npublisher: Fenmoor Cycling Club\npublished: 2026-07-02\n---\n" +
            "The Fenmoor sportive route had eleven water stations this year.\n\nRiders praised the flat final section.\n");
        File.WriteAllText(Path.Combine(dir, "organiser-note.md"),
            "---\ntitle: \"Sportive: our response\"\npublisher: Fenmoor Events\npublished: 2026-07-03\n---\n" +
            "We have seen claims that water stations on the Fenmoor sportive route ran dry. Our records show that water ran short only at Station 4, for about twenty minutes, before it was restocked.\n\nAll riders were accounted for.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How many water stations did the Fenmoor sportive route have?");

        a.Disagreements.ShouldBeEmpty(a.Answer);
        a.Answer.Split('\n')[0].ShouldContain("eleven", Case.Insensitive, a.Answer);
    }

    [Fact]
    public async Task An_age_is_given_whole()
    {
        var dir = TestPaths.NewTempFolder("age-corpus");
        File.WriteAllText(Path.Combine(dir, "rescue.md"),
            "---\ntitle: \"Lifeboat rescues walker\"\npublisher: Skerry News\npublished: 2026-05-02\n---\n" +
            "The walker, a 71-year-old retired pilot from Dunmore, was winched from the cliff path on Saturday.\n\nShe was treated for a sprained ankle.\n");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How old was the walker who was winched from the cliff path?");

        a.Answer.Split('\n')[0].ShouldBe("The reports give 71-year-old [1].", a.Answer);
    }
}
