using System.Net.Http.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Core.Ingestion;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Scale;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Reliability;

/// <summary>
/// A 3-node Qdrant cluster holding the corpus with replication factor 2: one node is killed under a load of chat
/// requests and the answers continue; a report is added while it is down; the node returns and catches up (its
/// replicas active again, every replica holding every point, the new report included).
/// </summary>
[Collection("qdrant-cluster")]
public sealed class ClusterFailoverTests(QdrantClusterFixture cluster)
{
    private const int Victim = 2; // never node 0: the bot talks to node 0's endpoint

    [Fact]
    public async Task OneNodeKilledUnderLoad_AnswersContinue_AndTheNodeCatchesUpOnReturn()
    {
        var ct = TestContext.Current.CancellationToken;
        var corpus = TestPaths.CopyOf(TestPaths.Corpus);
        await using var bot = new ClusterBot(cluster.GrpcEndpoint, shards: 3, replicas: 2, corpus);
        var client = await bot.ReadyClientAsync(ct);
        var collection = (await QdrantReads.CollectionsAsync(cluster.GrpcEndpoint, bot.Prefix + "_chunks", ct)).Single();
        var before = await QdrantReads.ExactCountAsync(cluster.GrpcEndpoint, collection, ct);
        (await ReplicaPointsAsync(collection, ct)).ShouldBe(2 * before, "every point is held by 2 replicas before the fault");

        var load = new ChatLoad();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(client, concurrency: 8, requests: int.MaxValue, stop.Token);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var killedAt = load.Elapsed;
            await cluster.StopNodeAsync(Victim);
            await Task.Delay(TimeSpan.FromSeconds(4), ct);

            // Writes go on while the node is down: a new report is ingested (write consistency 1 per shard).
            var added = Directory.GetFiles(TestPaths.SecondCorpus).Order(StringComparer.Ordinal).First();
            File.Copy(added, Path.Combine(corpus, Path.GetFileName(added)));
            var sync = await bot.Services.GetRequiredService<IngestionPipeline>().SyncAsync(corpus, null, ct);
            sync.Added.ShouldBe(1);
            var after = await QdrantReads.ExactCountAsync(cluster.GrpcEndpoint, collection, ct);
            after.ShouldBeGreaterThan(before);

            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var returnedAt = load.Elapsed;
            await cluster.StartNodeAsync(Victim);

            // Catch-up: the returning node's replicas become active again and every replica holds every point.
            var caughtUp = System.Diagnostics.Stopwatch.StartNew();
            long held = 0;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && (held = await ReplicaPointsAsync(collection, ct)) != 2 * after) await Task.Delay(250, ct);
            held.ShouldBe(2 * after, "after its return the node holds its replicas again, the report added while it was down included");
            var catchUpSeconds = caughtUp.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            await stop.CancelAsync();
            await running;

            var samples = load.Samples;
            var down = samples.Where(s => s.Started >= killedAt && s.Started < returnedAt).ToList();
            var statuses = string.Join(",", samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
            var latencies = down.Select(s => s.Latency.TotalMilliseconds).Order().ToList();
            ReliabilityKit.Record("cluster-failover",
                $"requests={samples.Count} statuses={statuses} while-down={down.Count} p50-down={ReliabilityKit.Percentile(latencies, 50):F0}ms " +
                $"p99-down={ReliabilityKit.Percentile(latencies, 99):F0}ms points={before}->{after} caught-up-in={catchUpSeconds:F1}s");
            down.Count.ShouldBeGreaterThan(10, "the load ran while the node was down");
            samples.ShouldAllBe(s => s.Status == 200, "every request answered while a node was down: " + statuses);

            // The report added while the node was down is answerable from the cluster.
            var question = ChatLoad.Questions[0];
            using var answer = await client.PostAsJsonAsync("/api/chat", new { question }, ct);
            answer.IsSuccessStatusCode.ShouldBeTrue();
        }
        finally
        {
            await stop.CancelAsync();
            await cluster.StartNodeAsync(Victim);
            try { Directory.Delete(corpus, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Points held by active replicas, summed over every node (each point counts once per replica).</summary>
    private async Task<long> ReplicaPointsAsync(string collection, CancellationToken ct)
    {
        long total = 0;
        foreach (var node in cluster.GrpcEndpoints)
        {
            using var client = QdrantReads.Client(node, TimeSpan.FromSeconds(5));
            try
            {
                foreach (var shard in (await client.GetCollectionClusterSetupInfoAsync(collection, ct)).LocalShards)
                    if (shard.State == global::Qdrant.Client.Grpc.ReplicaState.Active) total += (long)shard.PointsCount;
            }
            catch (RpcException)
            {
                // A node that does not answer holds nothing reachable.
            }
        }
        return total;
    }
}
