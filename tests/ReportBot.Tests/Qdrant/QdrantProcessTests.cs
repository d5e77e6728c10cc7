using System.Diagnostics;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Qdrant;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Qdrant;

[Collection("qdrant")]
public sealed class QdrantProcessTests(QdrantFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Graceful_stop_and_start_keeps_endpoint_and_data()
    {
        var index = fixture.CreateIndex("proc");
        await index.EnsureCollectionsAsync(new IndexSchema("chunks", "manifests", 2), Ct);
        await index.UpsertManifestAsync(new ReportManifest("r1", "h", 0, "T", null, null), Ct);
        var endpoint = fixture.Endpoint;
        try
        {
            var watch = Stopwatch.StartNew();
            await fixture.Process.StopAsync(Ct);
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(9.5)); // SIGTERM honoured (takes 2-7 s), not the kill after 10 s
            fixture.Process.IsRunning.ShouldBeFalse();
            await fixture.Process.StartAsync(Ct);
        }
        finally
        {
            if (!fixture.Process.IsRunning)
                await fixture.Process.StartAsync(CancellationToken.None);
        }
        fixture.Endpoint.ShouldBe(endpoint);
        (await index.GetManifestsAsync(Ct)).Single().ReportId.ShouldBe("r1");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_process_that_exits_during_startup_reports_its_output()
    {
        var dir = Directory.CreateTempSubdirectory("reportbot-fakeqdrant-").FullName;
        try
        {
            var script = Path.Combine(dir, "qdrant");
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho 'boom: cannot open storage' >&2\nexit 3\n", Ct);
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            await using var process = new QdrantProcess(new QdrantOptions { BinaryPath = script }, Path.Combine(dir, "data"));
            var ex = await Should.ThrowAsync<InvalidOperationException>(() => process.StartAsync(Ct));
            ex.Message.ShouldContain("code 3");
            ex.Message.ShouldContain("boom: cannot open storage");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
