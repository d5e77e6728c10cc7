using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Qdrant.Client.Grpc;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// Crashes in the middle of work: Qdrant killed during an ingestion, the bot SIGKILLed during an ingestion and during
/// conversations. After a restart the index equals a clean ingestion point for point (no duplicates, no orphans) and the
/// SQLite conversation store holds every acknowledged turn.
/// </summary>
[Collection("reliability")]
public sealed class CrashRecoveryTests(QdrantFixture qdrant)
{
    private const int Copies = 12;

    /// <summary>
    /// Copies for the kill-Qdrant-mid-ingestion test: enough points for several write batches (1,024 points each), so that
    /// the kill lands between batches. With 12 copies (~900 points, one batch) the gRPC client wrote everything before the
    /// test saw the first point, and only the manifests were left to interrupt.
    /// </summary>
    private const int KillCopies = 48;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The chunk and manifest collections of a clean ingestion of <paramref name="corpus"/>, as snapshots.</summary>
    private async Task<(List<string> Chunks, List<string> Manifests)> CleanIngestionAsync(string corpus)
    {
        await using var clean = new TestServices(qdrant, corpus);
        await clean.SyncAsync();
        return (await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, clean.Index.ChunkCollection, Ct), await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, clean.Index.ManifestCollection, Ct));
    }

    private static void ShouldBeLikeClean(List<string> chunks, List<string> manifests, (List<string> Chunks, List<string> Manifests) clean)
    {
        chunks.Count.ShouldBe(clean.Chunks.Count, "chunk count");
        chunks.Distinct().Count().ShouldBe(chunks.Count, "no duplicates");
        chunks.ShouldBe(clean.Chunks, "ids, payloads and vectors equal a clean ingestion");
        manifests.ShouldBe(clean.Manifests, "one manifest per report, as after a clean ingestion");
        // No orphans: every chunk belongs to a report that has a manifest.
        var reports = QdrantReads.ReportIds(manifests).ToHashSet();
        QdrantReads.ReportIds(chunks).Distinct().ShouldAllBe(id => reports.Contains(id));
    }

    [Fact]
    public async Task QdrantKilledMidIngestion_RerunGivesTheCleanCollection()
    {
        var corpus = ReliabilityKit.LargeCorpus(KillCopies);
        var clean = await CleanIngestionAsync(corpus);

        await using var s = new TestServices(qdrant, corpus);
        var chunkCollection = s.Index.ChunkCollection;
        var sync = Task.Run(() => s.SyncAsync(), Ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long pointsAtKill;
        using (var poll = QdrantReads.Client(qdrant.GrpcEndpoint, TimeSpan.FromSeconds(5)))
            while ((pointsAtKill = await QdrantReads.CountAsync(poll, chunkCollection, Ct)) == 0 && !sync.IsCompleted && DateTime.UtcNow < deadline)
                await Task.Delay(20, Ct);
        await qdrant.Process.KillAsync();
        Exception? failure = null;
        try { await sync; }
        catch (Exception e) { failure = e; }
        finally { await qdrant.Process.StartAsync(Ct); }
        failure.ShouldNotBeNull("the ingestion was interrupted by the kill (it must not have finished first)");
        pointsAtKill.ShouldBeLessThan(clean.Chunks.Count);

        var rerun = await s.SyncAsync();
        rerun.Chunks.ShouldBe(clean.Chunks.Count);
        ShouldBeLikeClean(await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, chunkCollection, Ct), await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, s.Index.ManifestCollection, Ct), clean);
        ReliabilityKit.Record("qdrant-killed-mid-ingestion",
            $"reports={5 * (KillCopies + 1)} points-at-kill={pointsAtKill} points-after-rerun={clean.Chunks.Count} duplicates=0 orphans=0 failure={failure.GetType().Name}");
    }

    [Fact]
    public async Task BotKilledMidIngestion_RestartGivesTheCleanCollection()
    {
        var corpus = ReliabilityKit.LargeCorpus(Copies);
        var clean = await CleanIngestionAsync(corpus);
        var data = TestPaths.NewTempFolder("sigkill-ingest");
        var prefix = "kil_" + Guid.NewGuid().ToString("N")[..8];
        await using var server = new ServerProcess(ReliabilityKit.ServerEnvironment(qdrant, corpus, data, prefix));
        server.Start();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        string? chunks = null;
        long pointsAtKill = 0;
        using var poll = QdrantReads.Client(qdrant.GrpcEndpoint, TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline && server.IsRunning)
        {
            chunks ??= (await QdrantReads.CollectionsAsync(poll, prefix, Ct)).FirstOrDefault(n => n.Contains("chunks", StringComparison.Ordinal));
            if (chunks is not null && (pointsAtKill = await QdrantReads.CountAsync(poll, chunks, Ct)) > 0) break;
            await Task.Delay(20, Ct);
        }
        server.IsRunning.ShouldBeTrue("the server runs until the kill; its last output:\n" + string.Join('\n', server.Output.TakeLast(40)));
        await server.KillAsync();
        chunks.ShouldNotBeNull();
        pointsAtKill.ShouldBeGreaterThan(0);
        pointsAtKill.ShouldBeLessThan(clean.Chunks.Count, "killed in the middle of the ingestion");

        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);
        var collections = await QdrantReads.CollectionsAsync(qdrant.GrpcEndpoint, prefix, Ct);
        collections.Count.ShouldBe(2);
        var manifests = collections.Single(n => n != chunks);
        ShouldBeLikeClean(await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, chunks, Ct), await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, manifests, Ct), clean);
        using (var r = await server.Http.PostAsJsonAsync("api/chat", new { question = "How many North Korean troops were sent to Russia?" }, Ct))
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        ReliabilityKit.Record("bot-sigkill-mid-ingestion", $"reports={5 * (Copies + 1)} points-at-kill={pointsAtKill} points-after-restart={clean.Chunks.Count} duplicates=0 orphans=0");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The bot SIGKILLed after chunks were upserted and before their reports' manifests were written; then those reports
    /// are deleted from the folder. The restart finds the orphans in the index itself (not only from manifests) and
    /// removes every one: the index equals a clean ingestion of what is left, and answers cite only reports that exist.
    /// </summary>
    [Fact]
    public async Task BotKilledBetweenChunksAndManifests_ReportsDeleted_RestartRemovesEveryOrphan()
    {
        var corpus = ReliabilityKit.LargeCorpus(Copies);
        var data = TestPaths.NewTempFolder("sigkill-orphans");
        var prefix = "orp_" + Guid.NewGuid().ToString("N")[..8];
        await using var server = new ServerProcess(ReliabilityKit.ServerEnvironment(qdrant, corpus, data, prefix));
        server.Start();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string? chunks = null, manifestCollection = null;
        using var poll = QdrantReads.Client(qdrant.GrpcEndpoint, TimeSpan.FromSeconds(5));
        // The window between a batch's chunks and its manifests is a few milliseconds: polling for it alone missed it in
        // about one full-suite run of three. Qdrant's own strict mode holds it open: an upsert batch limit of one point on
        // the manifest collection (set as soon as the bot has created it, before its first batch is embedded) rejects the
        // manifest batch and lets deletions through, so the chunks stay without manifests until the kill.
        var heldBack = false;
        while (DateTime.UtcNow < deadline && server.IsRunning)
        {
            var names = await QdrantReads.CollectionsAsync(poll, prefix, Ct);
            chunks ??= names.FirstOrDefault(n => n.Contains("chunks", StringComparison.Ordinal));
            manifestCollection ??= names.FirstOrDefault(n => !n.Contains("chunks", StringComparison.Ordinal));
            if (!heldBack && manifestCollection is not null)
            {
                await poll.UpdateCollectionAsync(manifestCollection, strictModeConfig: new StrictModeConfig { Enabled = true, UpsertMaxBatchsize = 1 }, cancellationToken: Ct);
                heldBack = true;
            }
            if (heldBack && chunks is not null && await QdrantReads.CountAsync(poll, chunks, Ct) > 0) break;
            await Task.Delay(10, Ct);
        }
        await server.KillAsync();
        chunks.ShouldNotBeNull();
        manifestCollection.ShouldNotBeNull();
        heldBack.ShouldBeTrue();
        (await QdrantReads.CountAsync(poll, manifestCollection, Ct)).ShouldBe(0, "no manifest batch got past the limit");
        await poll.UpdateCollectionAsync(manifestCollection, strictModeConfig: new StrictModeConfig { Enabled = false }, cancellationToken: Ct);
        var withManifest = QdrantReads.ReportIds(await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, manifestCollection, Ct)).ToHashSet();
        var chunkReports = QdrantReads.ReportIds(await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, chunks, Ct)).ToHashSet();

        // Delete every copy from the folder; the kill left some of them as chunks without a manifest.
        var deleted = Directory.GetFiles(corpus, "*-copy-*.md").Select(Path.GetFileNameWithoutExtension).ToHashSet()!;
        foreach (var f in Directory.GetFiles(corpus, "*-copy-*.md")) File.Delete(f);
        var orphans = chunkReports.Where(id => deleted.Contains(id) && !withManifest.Contains(id)).ToList();
        orphans.ShouldNotBeEmpty("the kill came after some chunks and before their manifests");

        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);
        var clean = await CleanIngestionAsync(corpus);
        var after = await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, chunks, Ct);
        ShouldBeLikeClean(after, await QdrantReads.SnapshotAsync(qdrant.GrpcEndpoint, manifestCollection, Ct), clean);
        QdrantReads.ReportIds(after).ShouldNotContain(id => deleted.Contains(id!), "no chunk of a deleted report is left");
        server.Output.ShouldContain(l => l.Contains($"removed the chunks of {orphans.Count} deleted reports that had no manifest", StringComparison.Ordinal));

        // Every report an answer cites can be opened.
        using var answer = await server.Http.PostAsJsonAsync("api/chat", new { question = "How many North Korean troops were sent to Russia?" }, Ct);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct));
        var cited = doc.RootElement.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("reportId").GetString()!).Distinct().ToList();
        cited.ShouldNotBeEmpty();
        foreach (var id in cited)
            (await server.Http.GetAsync($"api/reports/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, id);
        ReliabilityKit.Record("bot-sigkill-before-manifests", $"chunk-reports-at-kill={chunkReports.Count} with-manifest={withManifest.Count} orphans-deleted={orphans.Count} left-after-restart=0");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The embedded defaults (no Qdrant endpoint: the bot starts its own Qdrant under the data path). The bot alone is
    /// SIGKILLed in the middle of an ingestion; its Qdrant must not outlive it (parent-death signal), and the next start
    /// must be ready with the clean index, with no hand work.
    /// </summary>
    [Fact]
    public async Task BotKilledOnTheEmbeddedDefaults_ItsQdrantDiesWithIt_AndTheNextStartIsReadyAndConsistent()
    {
        var corpus = ReliabilityKit.LargeCorpus(Copies);
        var clean = await CleanIngestionAsync(corpus);
        var data = TestPaths.NewTempFolder("sigkill-embedded");
        var env = ReliabilityKit.ServerEnvironment(qdrant, corpus, data, "emb");
        env.Remove("ReportBot__Qdrant__Endpoint");
        await using var server = new ServerProcess(env);
        server.Start();

        var deadline = DateTime.UtcNow.AddSeconds(90);
        Uri? endpoint = null;
        string? chunks = null;
        long pointsAtKill = 0;
        while (DateTime.UtcNow < deadline && server.IsRunning)
        {
            endpoint ??= EmbeddedEndpoint(server);
            if (endpoint is not null)
            {
                chunks ??= (await QdrantReads.CollectionsAsync(endpoint, "emb", Ct).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : [], Ct))
                    .FirstOrDefault(n => n.Contains("chunks", StringComparison.Ordinal));
                if (chunks is not null && (pointsAtKill = await QdrantReads.CountAsync(endpoint, chunks, Ct)) > 0) break;
            }
            await Task.Delay(20, Ct);
        }
        var pidFile = Path.Combine(data, "qdrant", "qdrant.pid");
        var qdrantPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await server.KillServerOnlyAsync();
        pointsAtKill.ShouldBeGreaterThan(0);
        pointsAtKill.ShouldBeLessThan(clean.Chunks.Count, "killed in the middle of the ingestion");

        // The kernel stops the orphaned Qdrant (SIGTERM by the parent-death signal); it shuts down on its own.
        var gone = await WaitUntilGoneAsync(qdrantPid, TimeSpan.FromSeconds(30));
        gone.ShouldBeTrue($"the bot's Qdrant (pid {qdrantPid}) outlived the bot");

        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);
        var after = EmbeddedEndpoint(server)!;
        after.ShouldNotBe(endpoint, "a new Qdrant (free ports chosen again)");
        var collections = await QdrantReads.CollectionsAsync(after, "emb", Ct);
        collections.Count.ShouldBe(2);
        var manifests = collections.Single(n => n != chunks);
        ShouldBeLikeClean(await QdrantReads.SnapshotAsync(after, chunks!, Ct), await QdrantReads.SnapshotAsync(after, manifests, Ct), clean);
        using (var r = await server.Http.PostAsJsonAsync("api/chat", new { question = "How many North Korean troops were sent to Russia?" }, Ct))
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
        var newPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        newPid.ShouldNotBe(qdrantPid);
        await server.KillServerOnlyAsync();
        (await WaitUntilGoneAsync(newPid, TimeSpan.FromSeconds(30))).ShouldBeTrue("the restarted bot's Qdrant dies with it too");
        ReliabilityKit.Record("bot-sigkill-embedded-defaults", $"reports={5 * (Copies + 1)} points-at-kill={pointsAtKill} orphaned-qdrant-stopped=yes points-after-restart={clean.Chunks.Count} duplicates=0 orphans=0");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>The gRPC endpoint of the Qdrant the server started last, from its log line.</summary>
    private static Uri? EmbeddedEndpoint(ServerProcess server)
    {
        var line = server.Output.LastOrDefault(l => l.Contains("Started Qdrant (pid", StringComparison.Ordinal));
        var m = line is null ? null : System.Text.RegularExpressions.Regex.Match(line, @"gRPC (http://127\.0\.0\.1:\d+/)");
        return m is { Success: true } ? new Uri(m.Groups[1].Value) : null;
    }

    /// <summary>True once the process has ended (or is a zombie), false if it still runs after <paramref name="limit"/>.</summary>
    internal static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat", Ct);
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) return true;
            }
            catch (IOException) { return true; }
            await Task.Delay(50, Ct);
        }
        return false;
    }

    [Fact]
    public async Task BotKilledDuringConversations_KeepsEveryAcknowledgedTurn()
    {
        const int conversations = 6;
        var data = TestPaths.NewTempFolder("sigkill-conv");
        var env = ReliabilityKit.ServerEnvironment(qdrant, TestPaths.Corpus, data, "cnv_" + Guid.NewGuid().ToString("N")[..8]);
        env["ReportBot__Conversations__MaxTurns"] = "1000";
        env["ReportBot__Web__RateLimitPermits"] = "0";
        await using var server = new ServerProcess(env);
        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);

        // Each conversation asks question after question; every 200 is an acknowledged turn.
        var acknowledged = new ConcurrentDictionary<string, ConcurrentQueue<(string Question, string Answer)>>();
        var failures = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, conversations).Select(c => Task.Run(async () =>
        {
            string? id = null;
            var turns = new ConcurrentQueue<(string Question, string Answer)>();
            for (var i = 0; i < 10_000 && !stop.IsCancellationRequested; i++)
            {
                var question = ChatLoad.Questions[(c * 7 + i) % ChatLoad.Questions.Count];
                try
                {
                    using var r = await server.Http.PostAsJsonAsync("api/chat", new { question, conversationId = id ?? "new" }, CancellationToken.None);
                    if (r.StatusCode != HttpStatusCode.OK) { Interlocked.Increment(ref failures); continue; }
                    using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync(CancellationToken.None));
                    if (id is null) { id = doc.RootElement.GetProperty("conversationId").GetString()!; acknowledged[id] = turns; }
                    doc.RootElement.GetProperty("conversationId").GetString().ShouldBe(id);
                    turns.Enqueue((question, doc.RootElement.GetProperty("answer").GetString()!));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    return; // the server was killed
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await server.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        failures.ShouldBe(0);
        var total = acknowledged.Values.Sum(q => q.Count);
        total.ShouldBeGreaterThan(conversations);

        server.Start();
        await server.WaitReadyAsync(cancellationToken: Ct);
        var db = Path.Combine(data, "conversations.db");
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await c.OpenAsync(Ct);
            await using (var check = c.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                (await check.ExecuteScalarAsync(Ct)).ShouldBe("ok");
            }
            foreach (var (id, turns) in acknowledged)
            {
                var stored = new List<(string Role, string Content)>();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT role, content FROM turns WHERE conversation = $c ORDER BY seq";
                cmd.Parameters.AddWithValue("$c", "web:" + id);
                await using var reader = await cmd.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct)) stored.Add((reader.GetString(0), reader.GetString(1)));
                // Whole turns only (a question never without its answer), and every acknowledged one, in order; at
                // most the one turn in flight at the kill comes on top.
                (stored.Count % 2).ShouldBe(0, id);
                var pairs = stored.Chunk(2).Select(p => { p[0].Role.ShouldBe("user"); p[1].Role.ShouldBe("assistant"); return (p[0].Content, p[1].Content); }).ToList();
                var expected = turns.ToList();
                pairs.Count.ShouldBeInRange(expected.Count, expected.Count + 1, id);
                pairs.Take(expected.Count).ShouldBe(expected, id);
            }
        }
        SqliteConnection.ClearAllPools();

        // The restarted bot goes on with a stored conversation.
        var (someId, _) = acknowledged.First(a => !a.Value.IsEmpty);
        using (var follow = await server.Http.PostAsJsonAsync("api/chat", new { question = "And how many of them were killed?", conversationId = someId }, Ct))
            follow.StatusCode.ShouldBe(HttpStatusCode.OK);
        ReliabilityKit.Record("bot-sigkill-during-conversations", $"conversations={conversations} acknowledged-turns={total} lost=0 integrity=ok");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
