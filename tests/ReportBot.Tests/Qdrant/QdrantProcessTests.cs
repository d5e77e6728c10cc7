using System.Diagnostics;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Qdrant;
using Shouldly;
using Xunit;
using QdrantGrpc = Qdrant.Client.Grpc;

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

/// <summary>A Qdrant of this bot's own left running on its data path (its parent died) is stopped by the next start.</summary>
public sealed class QdrantLeftoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_leftover_Qdrant_on_the_same_data_path_is_stopped_and_the_new_one_starts_on_its_data()
    {
        var dir = Directory.CreateTempSubdirectory("reportbot-leftover-").FullName;
        QdrantProcess? first = null;
        try
        {
            first = await QdrantProcess.StartNewAsync(new QdrantOptions(), dir, cancellationToken: Ct);
            var leftoverPid = int.Parse(await File.ReadAllTextAsync(first.PidFile, Ct), System.Globalization.CultureInfo.InvariantCulture);
            using (var client = QdrantReads.Client(first.GrpcEndpoint))
                await client.CreateCollectionAsync("left", new QdrantGrpc.VectorParams { Size = 2, Distance = QdrantGrpc.Distance.Cosine }, cancellationToken: Ct);

            // Another Qdrant on another process's data path is left alone.
            var otherDir = Directory.CreateTempSubdirectory("reportbot-leftover-other-").FullName;
            await using var other = await QdrantProcess.StartNewAsync(new QdrantOptions(), otherDir, cancellationToken: Ct);

            // A second start on the same data path, as after a restart of a killed bot (the first one is still running).
            await using var second = await QdrantProcess.StartNewAsync(new QdrantOptions(), dir, cancellationToken: Ct);
            second.IsRunning.ShouldBeTrue();
            first.IsRunning.ShouldBeFalse("the leftover was stopped");
            other.IsRunning.ShouldBeTrue("a Qdrant on another data path is not ours to stop");
            int.Parse(await File.ReadAllTextAsync(second.PidFile, Ct), System.Globalization.CultureInfo.InvariantCulture).ShouldNotBe(leftoverPid);
            using (var client = QdrantReads.Client(second.GrpcEndpoint))
                (await client.CollectionExistsAsync("left", Ct)).ShouldBeTrue("the data the leftover held is there");
            await second.StopAsync(Ct);
            File.Exists(second.PidFile).ShouldBeFalse("a clean stop removes the pid file");
            await other.StopAsync(Ct);
            Directory.Delete(otherDir, recursive: true);
        }
        finally
        {
            if (first is not null) await first.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_storage_still_locked_by_a_Qdrant_on_its_way_out_is_waited_for()
    {
        var dir = Directory.CreateTempSubdirectory("reportbot-locked-").FullName;
        try
        {
            await using (var first = await QdrantProcess.StartNewAsync(new QdrantOptions(), dir, cancellationToken: Ct))
            {
                using var client = QdrantReads.Client(first.GrpcEndpoint);
                await client.CreateCollectionAsync("held", new QdrantGrpc.VectorParams { Size = 2, Distance = QdrantGrpc.Distance.Cosine }, cancellationToken: Ct);
                await first.StopAsync(Ct);
            }
            // What an exiting Qdrant's last thread does: it still holds the lock on the shard's write-ahead log for a moment.
            var wal = Directory.EnumerateDirectories(Path.Combine(dir, "storage", "collections", "held"), "wal", SearchOption.AllDirectories).First();
            using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["--exclusive", wal, "sleep", "1.5"]))!;
            await Task.Delay(300, Ct);
            holder.HasExited.ShouldBeFalse("the lock is held while Qdrant starts");

            await using var second = await QdrantProcess.StartNewAsync(new QdrantOptions(), dir, cancellationToken: Ct);

            holder.HasExited.ShouldBeTrue("Qdrant started only once the lock was free");
            using (var client = QdrantReads.Client(second.GrpcEndpoint))
                (await client.CollectionExistsAsync("held", Ct)).ShouldBeTrue();
            await second.StopAsync(Ct);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_leftover_is_recognised_when_the_binary_is_configured_through_a_linked_folder()
    {
        var dir = Directory.CreateTempSubdirectory("reportbot-linked-").FullName;
        var links = Directory.CreateTempSubdirectory("reportbot-links-").FullName;
        var real = QdrantProcess.ResolveBinaryPath(null);
        var linkedFolder = Path.Combine(links, "tools");
        Directory.CreateSymbolicLink(linkedFolder, Path.GetDirectoryName(real)!);
        try
        {
            var first = await QdrantProcess.StartNewAsync(new QdrantOptions(), dir, cancellationToken: Ct);
            await using var second = await QdrantProcess.StartNewAsync(new QdrantOptions { BinaryPath = Path.Combine(linkedFolder, Path.GetFileName(real)) }, dir, cancellationToken: Ct);
            first.IsRunning.ShouldBeFalse("the same binary, named through a link, left running on this data path is ours");
            second.IsRunning.ShouldBeTrue();
            await second.StopAsync(Ct);
            await first.DisposeAsync();
        }
        finally
        {
            Directory.Delete(links, recursive: true);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RealPath_ResolvesEveryLinkAlongThePath()
    {
        var root = Directory.CreateTempSubdirectory("reportbot-realpath-").FullName;
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(root, "a", "b")).FullName;
            File.WriteAllText(Path.Combine(target, "f"), "");
            Directory.CreateSymbolicLink(Path.Combine(root, "l1"), Path.Combine(root, "a"));
            Directory.CreateSymbolicLink(Path.Combine(root, "l2"), "l1/b"); // relative, through another link
            var real = QdrantProcess.RealPath(Path.Combine(target, "f"));
            QdrantProcess.RealPath(Path.Combine(root, "l2", "f")).ShouldBe(real);
            QdrantProcess.RealPath(Path.Combine(root, "l1", "b", "..", "b", "f")).ShouldBe(real);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
