using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Evaluation;

/// <summary>
/// The built <c>reportbot eval</c> as a process, against a stand-in bot on 127.0.0.1 that counts the questions it is
/// asked (the real answering is measured by scripts/eval-gate.sh).
/// </summary>
public sealed class EvalCommandTests : IAsyncLifetime
{
    private const string GoodSet = """
        // two questions
        {"id":"injured","question":"How many workers were injured?","facts":[["twelve","12"]],"tags":["numbers"]}
        {"id":"owner","question":"Who owns the mill?","answerable":false,"tags":["unanswerable"]}
        """;

    private readonly string _folder = TestPaths.NewTempFolder("eval-cli");
    private WebApplication? _bot;
    private int _asked;
    private string _figure = "Twelve";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _bot = builder.Build();
        _bot.MapPost("/api/chat", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _asked);
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var declined = body.RootElement.GetProperty("question").GetString()!.Contains("owns", StringComparison.Ordinal);
            return Results.Json(new
            {
                answer = declined ? "The reports don't answer this question." : $"{_figure} workers were injured.",
                answerable = !declined, citations = Array.Empty<object>(), disagreements = Array.Empty<object>(),
                rewrittenQuestion = "q", retrieved = Array.Empty<object>(), mode = "extractive", confidence = 0.5,
            });
        });
        await _bot.StartAsync(TestContext.Current.CancellationToken);
    }

    private string Endpoint => _bot!.Urls.First();

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null) await _bot.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"question\":\"q\"}\n{\"id\":\"b\",\"question\":\"r\"\n", 2, "not valid JSON")]
    [InlineData("// c\n{\"id\":\"a\",\"question\":\"q\"}\n\n{\"question\":\"r\"}", 4, "'id' is required")]
    [InlineData("{\"id\":\"a\"}", 1, "'question' is required")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\"}\n{\"id\":\"a\",\"question\":\"r\"}", 2, "duplicate id 'a'")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\"}\n{\"id\":\"b\",\"question\":\"r\",\"facts\":\"12\"}", 2, "'facts' must be an array of arrays of strings")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"conflict\":1}", 1, "'conflict' must be true or false")]
    public async Task Eval_MalformedSet_ExitsNonZeroWithTheLineNumberAndAsksNothing(string text, int line, string message)
    {
        var set = Write("bad.jsonl", text);

        var run = await RunAsync("eval", "--set", set, "--endpoint", Endpoint, "--out", Path.Combine(_folder, "out"));

        run.ExitCode.ShouldBe(2);
        run.StdErr.ShouldContain($"{set}: line {line}: {message}");
        run.StdErr.ShouldContain("Nothing was asked.");
        _asked.ShouldBe(0);
        Directory.Exists(Path.Combine(_folder, "out")).ShouldBeFalse();
    }

    [Fact]
    public async Task Eval_MalformedSetAndAnUnreachableEndpoint_StopsAtTheSetWithoutTryingTheEndpoint()
    {
        var set = Write("bad.jsonl", "{\"id\":\"a\",\"question\":\"q\"}\n{\"id\":\"b\",\"question\":false}");

        var run = await RunAsync("eval", "--set", set, "--endpoint", "http://127.0.0.1:9", "--out", Path.Combine(_folder, "out"));

        run.ExitCode.ShouldBe(2);
        run.StdErr.ShouldContain("line 2: 'question' must be a string");
        run.StdOut.ShouldNotContain("questions");
    }

    [Fact]
    public async Task Eval_AgainstABot_PrintsTheTableWritesBothFilesAndMeetsTheThresholds()
    {
        var set = Write("set.jsonl", GoodSet);
        var output = Path.Combine(_folder, "out");

        var run = await RunAsync("eval", "--set", set, "--endpoint", Endpoint, "--out", output, "--min", "facts=0.9", "abstention=1", "latency_p95_ms=60000");

        run.ExitCode.ShouldBe(0, run.StdOut + run.StdErr);
        _asked.ShouldBe(2);
        run.StdOut.ShouldContain("2 questions");
        run.StdOut.ShouldContain("citation_support");
        run.StdOut.ShouldContain("All 3 thresholds met.");
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json"), TestContext.Current.CancellationToken));
        results.RootElement.GetProperty("metrics").GetProperty("facts").GetDouble().ShouldBe(1);
        results.RootElement.GetProperty("questions").GetArrayLength().ShouldBe(2);
        var html = await File.ReadAllTextAsync(Path.Combine(output, "report.html"), TestContext.Current.CancellationToken);
        html.ShouldContain("<section id=\"summary\">");
        html.ShouldContain("<code class=\"qid\">injured</code>");
    }

    [Fact]
    public async Task Eval_WhenAThresholdIsMissed_ExitsNonZeroAndSaysWhich()
    {
        var set = Write("set.jsonl", GoodSet);
        _figure = "Nine";

        var run = await RunAsync("eval", "--set", set, "--endpoint", Endpoint, "--out", Path.Combine(_folder, "out"), "--min", "facts=0.5", "abstention=0.9");

        run.ExitCode.ShouldBe(1);
        run.StdOut.ShouldContain("Threshold missed: facts = 0 (required ≥ 0.5)");
        run.StdOut.ShouldNotContain("Threshold missed: abstention");
    }

    [Fact]
    public async Task Eval_WithABaseline_ShowsTheDeltasAndTheQuestionsThatRegressed()
    {
        var set = Write("set.jsonl", GoodSet);
        var before = Path.Combine(_folder, "before");
        (await RunAsync("eval", "--set", set, "--endpoint", Endpoint, "--out", before)).ExitCode.ShouldBe(0);
        _figure = "Nine";
        var after = Path.Combine(_folder, "after");

        var run = await RunAsync("eval", "--set", set, "--endpoint", Endpoint, "--out", after, "--baseline", Path.Combine(before, "results.json"));

        run.ExitCode.ShouldBe(0, run.StdOut + run.StdErr);
        run.StdOut.ShouldContain("baseline");
        run.StdOut.ShouldContain("−1");
        run.StdOut.ShouldContain("1 question(s) regressed against the baseline:");
        run.StdOut.ShouldContain("injured: facts 1 → 0; lead_facts 1 → 0; new failure: missing fact twelve / 12");
        var html = await File.ReadAllTextAsync(Path.Combine(after, "report.html"), TestContext.Current.CancellationToken);
        html.ShouldContain("<span class=\"badge regressed\">regressed</span>");
    }

    [Fact]
    public async Task Eval_WithABaselineThatIsNotAResultsFile_StopsBeforeAsking()
    {
        var set = Write("set.jsonl", GoodSet);

        var run = await RunAsync("eval", "--set", set, "--endpoint", Endpoint, "--baseline", Write("results.json", "not json"));

        run.ExitCode.ShouldBe(2);
        run.StdErr.ShouldContain("Cannot use --baseline");
        _asked.ShouldBe(0);
    }

    [Fact]
    public async Task Eval_WhenNoQuestionCanBeAnswered_ExitsNonZeroEvenWithoutThresholds()
    {
        var set = Write("set.jsonl", GoodSet);

        var run = await RunAsync("eval", "--set", set, "--endpoint", "http://127.0.0.1:9", "--out", Path.Combine(_folder, "out"));

        run.ExitCode.ShouldBe(1);
        run.StdOut.ShouldContain("2 of 2 questions failed with an error");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private sealed record ProcessRun(int ExitCode, string StdOut, string StdErr);

    /// <summary>Runs the built CLI (reportbot.dll, copied next to the tests) with the second corpus and a scratch data folder.</summary>
    private async Task<ProcessRun> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "reportbot.dll"), "--data", Path.Combine(_folder, "data"), "--corpus", TestPaths.SecondCorpus, .. args])
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new ProcessRun(process.ExitCode, await stdout, await stderr);
    }
}
