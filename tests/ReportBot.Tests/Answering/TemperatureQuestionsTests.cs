using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

/// <summary>
/// "How hot did it get?" asks a temperature, told as one ("the temperature reached 38.2C"): two reports' different readings
/// disagree; a forecast ("forecast to reach 35C") tells what was expected, not what happened. Reports written for this test,
/// in none of the corpora.
/// </summary>
[Collection("qdrant")]
public sealed class TemperatureQuestionsTests(QdrantFixture qdrant)
{
    private static string Corpus()
    {
        var dir = TestPaths.NewTempFolder("temperature-corpus");
        File.WriteAllText(Path.Combine(dir, "fen-weather.md"),
            "---\ntitle: \"Record heat at Tillby\"\npublisher: Fen Weather Service\npublished: 2026-07-20\n---\n" +
            "On Saturday the temperature at Tillby reached 38.2C, the highest since records began there.\n\n" +
            "Crews cleared the bypass by noon.\n");
        File.WriteAllText(Path.Combine(dir, "fen-live.md"),
            "---\ntitle: \"Tillby heat: live\"\npublisher: Fen Live\npublished: 2026-07-22\n---\n" +
            "Good morning from Tillby, where the temperature is again forecast to reach 35C this afternoon.\n\n" +
            "Water is being handed out at the market.\n");
        File.WriteAllText(Path.Combine(dir, "tillby-post.md"),
            "---\ntitle: \"Tillby swelters\"\npublisher: Tillby Post\npublished: 2026-07-21\n---\n" +
            "The town's own station put the temperature at Tillby at 39.1 °C on Saturday afternoon.\n\n" +
            "The library opened late as a cool room.\n");
        return dir;
    }

    [Fact]
    public async Task How_hot_is_answered_by_the_readings_and_they_disagree_without_the_forecast()
    {
        await using var s = new TestServices(qdrant, Corpus());
        (await s.SyncAsync()).ShouldNotBeNull();

        var a = await s.AskAsync("How hot did it get at Tillby on Saturday?");

        a.Disagreements.ShouldNotBeEmpty(a.Answer);
        var lead = a.Answer.Split('\n')[0];
        lead.ShouldContain("38.2C", Case.Sensitive, a.Answer);
        lead.ShouldContain("39.1 °C", Case.Sensitive, a.Answer);
        lead.ShouldNotContain("35C", Case.Sensitive, a.Answer);
    }
}
