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
        TestPaths.WriteReport(dir, "quay-news", "Grain spill at Holm quay", "Holm Quay News", "2026-09-03",
            "About 300 tonnes of grain spilled into Holm harbour when a conveyor collapsed on Tuesday.", "The quay reopened on Thursday.");
        TestPaths.WriteReport(dir, "port-authority", "Holm conveyor collapse: update", "Holm Port Authority", "2026-09-04",
            "The authority said 450 tonnes of grain spilled into Holm harbour after the conveyor collapse.", "Divers have cleared the berth.");
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
        TestPaths.WriteReport(dir, "ride-report", "Fenmoor sportive review", "Fenmoor Cycling Club", "2026-07-02",
            "The Fenmoor sportive route had eleven water stations this year.", "Riders praised the flat final section.");
        TestPaths.WriteReport(dir, "organiser-note", "Sportive: our response", "Fenmoor Events", "2026-07-03",
            "We have seen claims that water stations on the Fenmoor sportive route ran dry. Our records show that water ran short only at Station 4, for about twenty minutes, before it was restocked.", "All riders were accounted for.");
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
        TestPaths.WriteReport(dir, "rescue", "Lifeboat rescues walker", "Skerry News", "2026-05-02",
            "The walker, a 71-year-old retired pilot from Dunmore, was winched from the cliff path on Saturday.", "She was treated for a sprained ankle.");
        await using var s = new TestServices(qdrant, dir);
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How old was the walker who was winched from the cliff path?");

        a.Answer.Split('\n')[0].ShouldBe("The reports give 71-year-old [1].", a.Answer);
    }
}
