using ReportBot.Cli;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Docs;

/// <summary>
/// The sample answer at the top of the README is what <c>reportbot ask</c> prints today on the project's corpus. When
/// answers change on purpose, refresh it with <c>REPORTBOT_UPDATE_README=1 dotnet test --filter ReadmeSampleTests</c>
/// (or <c>bash scripts/update-readme-sample.sh</c>): the test then rewrites the block instead of failing.
/// </summary>
[Collection("qdrant")]
public sealed class ReadmeSampleTests(QdrantFixture qdrant)
{
    private const string Prompt = "$ reportbot ask \"";

    [Fact]
    public async Task ReadmeSampleAnswer_IsWhatTheBotAnswersToday()
    {
        var readmePath = Path.Combine(TestPaths.RepositoryRoot, "README.md");
        var readme = (await File.ReadAllTextAsync(readmePath, TestContext.Current.CancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = readme.IndexOf("```\n" + Prompt, StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, "the README opens with a sample `reportbot ask` block");
        var bodyStart = start + 4;
        var questionEnd = readme.IndexOf("\"\n", bodyStart + Prompt.Length, StringComparison.Ordinal);
        var question = readme[(bodyStart + Prompt.Length)..questionEnd];
        var end = readme.IndexOf("```\n", questionEnd, StringComparison.Ordinal);
        var shown = readme[(questionEnd + 2)..end];

        await using var services = new TestServices(qdrant, TestPaths.Corpus);
        await services.SyncAsync();
        var printed = AskCommand.Format(await services.AskAsync(question));

        if (Environment.GetEnvironmentVariable("REPORTBOT_UPDATE_README") == "1" && shown != printed)
        {
            await File.WriteAllTextAsync(readmePath, readme[..(questionEnd + 2)] + printed + readme[end..], TestContext.Current.CancellationToken);
            return;
        }
        shown.ShouldBe(printed, "the README's sample answer is out of date: run REPORTBOT_UPDATE_README=1 dotnet test --filter ReadmeSampleTests");
    }
}
