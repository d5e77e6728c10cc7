using System.Diagnostics;
using System.Text.Json;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Generative;

/// <summary><c>reportbot eval --mode both</c> as a process: the same set answered model-free and by the (stand-in) model.</summary>
[Collection("qdrant")]
public sealed class EvalBothModesTests(QdrantFixture qdrant)
{
    private const string Set = """
        {"id":"count","question":"How many fishing boats did the storm destroy?","facts":[["45"],["120"]],"conflict":true,"conflict_values":[["45"],["120"]],"tags":["numbers"]}
        {"id":"none","question":"What is the price of bread in the capital?","answerable":false,"tags":["unanswerable"]}
        """;

    [Fact]
    public async Task EvalWithModeBoth_ScoresTheExtractiveAndTheGenerativeAnswers()
    {
        await using var model = await ModelStandIn.StartAsync();
        model.Default = ModelStandIn.Reply(GenerativeAnswerTests.Faithful);
        var folder = TestPaths.NewTempFolder("eval-modes");
        var set = Path.Combine(folder, "set.jsonl");
        await File.WriteAllTextAsync(set, Set, TestContext.Current.CancellationToken);
        var output = Path.Combine(folder, "out");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "reportbot.dll"), "--data", Path.Combine(folder, "data"), "--corpus", GenerativeAnswerTests.Corpus,
                     "eval", "--set", set, "--out", output, "--mode", "both"])
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["ReportBot__Qdrant__Endpoint"] = qdrant.GrpcEndpoint.ToString();
        start.Environment["ReportBot__Qdrant__CollectionPrefix"] = "evalmodes_" + Guid.NewGuid().ToString("N")[..8];
        start.Environment["ReportBot__Embeddings__CachePath"] = TestPaths.WordVectorCache;
        foreach (var (k, v) in GenerativeAnswerTests.Settings(model)) start.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        var (o, e) = (await stdout, await stderr);
        process.ExitCode.ShouldBe(0, o + e);

        string AnswerOf(string mode)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, mode, "results.json")));
            var items = doc.RootElement.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 2).Value;
            return items.EnumerateArray().First(i => i.GetProperty("id").GetString() == "count").GetProperty("answer").GetString()!;
        }
        o.ShouldContain("Mode: extractive");
        o.ShouldContain("Mode: generative");
        model.Count(c => c.Path == "/v1/chat/completions").ShouldBe(1, "only the generative pass asks the model, and only for the answerable question");
        AnswerOf("generative").ShouldBe(GenerativeAnswerTests.Faithful(model.Calls.Single()));
        AnswerOf("extractive").ShouldNotBe(AnswerOf("generative"));
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
