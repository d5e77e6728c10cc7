using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Qdrant;
using ReportBot.Tests.Support;
using ReportBot.Tests.Web;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Cli;

/// <summary>Issue 19: the command line next to a running server, progress on stderr, and output fit for a file or a pipe.</summary>
[Collection("web")]
public sealed class CliServerTests(WebFixture web)
{
    private const string Question = "How many North Korean troops were sent to Russia?";

    [Fact]
    public async Task Ask_WithEndpoint_PrintsTheRunningServersAnswer_WithoutColourCodesOrWrapping()
    {
        using var response = await web.Http.PostAsJsonAsync("/api/chat", new { question = Question }, TestContext.Current.CancellationToken);
        using var expected = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var answer = expected.RootElement.GetProperty("answer").GetString()!;

        var run = await CliRun.RunAsync(null, "ask", Question, "--endpoint", web.BaseAddress.ToString());

        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stdout.ShouldStartWith(answer);
        run.Stdout.ShouldContain("Sources:");
        run.Stdout.ShouldNotContain("\u001b");
        // Lines longer than 80 columns stay whole.
        answer.Split('\n').ShouldContain(l => l.Length > 80);
        foreach (var line in answer.Split('\n')) run.Stdout.ShouldContain(line);
        run.Stderr.ShouldNotContain("starting Qdrant");
    }

    [Fact]
    public async Task AskJson_WithEndpoint_PrintsTheHttpBody()
    {
        var run = await CliRun.RunAsync(null, "ask", Question, "--json", "--endpoint", web.BaseAddress.ToString());
        run.ExitCode.ShouldBe(0, run.Stderr);
        using var doc = JsonDocument.Parse(run.Stdout);
        doc.RootElement.GetProperty("answerable").GetBoolean().ShouldBeTrue();
        doc.RootElement.GetProperty("citations").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Disagreements_WithEndpoint_ListsTheServersDisagreements_AsPlainText()
    {
        var map = await web.Http.GetFromJsonAsync<JsonElement>("/api/disagreements", TestContext.Current.CancellationToken);
        var first = map.GetProperty("disagreements")[0];

        var run = await CliRun.RunAsync(new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, "disagreements", "--endpoint", web.BaseAddress.ToString());

        run.ExitCode.ShouldBe(0, run.Stderr);
        run.Stdout.ShouldContain(first.GetProperty("topic").GetString()!);
        run.Stdout.ShouldContain(first.GetProperty("summary").GetString()!);
        run.Stdout.ShouldNotContain("\u001b");
    }

    [Fact]
    public async Task Ask_WithAnEndpointNobodyListensOn_FailsInOneLine()
    {
        var run = await CliRun.RunAsync(null, "ask", Question, "--endpoint", "http://127.0.0.1:9");
        run.ExitCode.ShouldBe(1);
        run.Stderr.Trim().Split('\n').Length.ShouldBe(1, run.Stderr);
        run.Stderr.ShouldContain("cannot be reached");
    }

    [Fact]
    public async Task Ask_OnADataFolderInUse_SaysHowToFixItInOneLine()
    {
        var data = TestPaths.NewTempFolder("cli-data");
        var host = new QdrantHost(Options.Create(new QdrantOptions()), Options.Create(new ReportBotOptions { DataPath = data }), NullLoggerFactory.Instance);
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var run = await CliRun.RunAsync(null, "ask", Question, "--data", data);

            run.ExitCode.ShouldBe(1);
            var errors = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("reportbot: ", StringComparison.Ordinal)).ToList();
            errors.Count.ShouldBe(1, run.Stderr);
            errors[0].ShouldContain("in use");
            errors[0].ShouldContain("--data");
            errors[0].ShouldContain("--endpoint");
            run.Stderr.ShouldNotContain("panic");
            run.Stderr.ShouldNotContain("Exception");
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Ask_OnItsOwnDataFolder_ShowsProgressOnStderr_AndSkipsABadReportWithAReason()
    {
        var corpus = TestPaths.CopyOf(TestPaths.Corpus);
        await File.WriteAllTextAsync(Path.Combine(corpus, "lao-digits.txt"), "A report\n\nAbout ໙໙ troops were sent, officials said.", TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(corpus, "scan.md"), [0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xFF], TestContext.Current.CancellationToken);
        var data = TestPaths.NewTempFolder("cli-data");
        try
        {
            var run = await CliRun.RunAsync(null, "ask", Question, "--data", data, "--corpus", corpus);

            run.ExitCode.ShouldBe(0, run.Stderr);
            run.Stderr.ShouldContain("reportbot: starting Qdrant");
            run.Stderr.ShouldContain("reportbot: 6 reports ready");
            run.Stderr.ShouldContain("Skipped report 'scan.md' (load): not a text file");
            run.Stdout.ShouldNotContain("reportbot:");
            run.Stdout.ShouldContain("Sources:");
            run.Stdout.ShouldNotContain("\u001b");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            Directory.Delete(corpus, recursive: true);
        }
    }
}
