using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ReportBot.Core.Evaluation;
using ReportBot.Infrastructure.Qdrant;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Scale;

/// <summary>
/// Scale beyond one machine: the bot is stateless apart from its conversation store, and Qdrant runs as a cluster.
/// A 3-node cluster on loopback holds the corpus in 3 shards with 2 replicas each; the bot answers the question set's
/// questions exactly as it does against a single Qdrant, and still answers with one node down.
/// </summary>
[Collection("qdrant-cluster")]
public sealed class ClusterTests(QdrantClusterFixture cluster)
{
    [Fact]
    public async Task Chat_OnAThreeNodeClusterWithReplicationFactorTwo_AnswersAsASingleNodeDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        var questions = QuestionSet.Load(Path.Combine(TestPaths.RepositoryRoot, "corpus", "questions", "questions.jsonl"))
            // The first three are answered far above the answering floor. Qdrant's IDF modifier counts documents per shard, so
            // on three shards the sparse scores differ a little from one node's, and a question near the floor ("Does the GDC
            // article's headline agree with its own body …?") can be answered on one and declined on the other.
            .Where(q => q.History.Count == 0).Take(3).Select(q => q.Question).ToList();
        questions.Count.ShouldBeGreaterThan(0);

        var single = await QdrantProcess.StartNewAsync(new QdrantOptions(), TestPaths.NewTempFolder("single-qdrant"), cancellationToken: ct);
        try
        {
            await using var reference = new ClusterBot(single.GrpcEndpoint, shards: 1, replicas: 1);
            await using var clustered = new ClusterBot(cluster.GrpcEndpoint, shards: 3, replicas: 2);
            var referenceClient = await reference.ReadyClientAsync(ct);
            var clusterClient = await clustered.ReadyClientAsync(ct);

            // The chunk collection really is spread: 3 shards × 2 replicas over the nodes, every replica active.
            var collections = await QdrantReads.CollectionsAsync(cluster.GrpcEndpoint, clustered.Prefix + "_chunks", ct);
            collections.Count.ShouldBe(1);
            var replicas = 0;
            foreach (var node in cluster.GrpcEndpoints)
            {
                using var client = QdrantReads.Client(node);
                foreach (var shard in (await client.GetCollectionClusterSetupInfoAsync(collections[0], ct)).LocalShards)
                {
                    shard.State.ShouldBe(global::Qdrant.Client.Grpc.ReplicaState.Active);
                    replicas++;
                }
            }
            replicas.ShouldBe(6);

            foreach (var q in questions)
            {
                var expected = await AskAsync(referenceClient, q, ct);
                var actual = await AskAsync(clusterClient, q, ct);
                actual.ShouldBe(expected, $"question: {q}");
            }

            // With one node down every shard still has an active replica: the bot keeps answering the same.
            await cluster.StopNodeAsync(2);
            try
            {
                var first = await AskAsync(referenceClient, questions[0], ct);
                string? degraded = null;
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline && degraded != first)
                {
                    try { degraded = await AskAsync(clusterClient, questions[0], ct); }
                    catch (ShouldAssertException) { await Task.Delay(500, ct); }
                }
                degraded.ShouldBe(first);
            }
            finally
            {
                await cluster.StartNodeAsync(2);
            }
        }
        finally
        {
            await single.DisposeAsync();
        }
    }

    /// <summary>The answer text and its citations (report, offsets, quote) of one question.</summary>
    internal static async Task<string> AskAsync(HttpClient client, string question, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/chat", new { question }, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var root = doc.RootElement;
        var citations = root.GetProperty("citations").EnumerateArray()
            .Select(c => $"[{c.GetProperty("n").GetInt32()}] {c.GetProperty("reportId").GetString()} {c.GetProperty("start").GetInt32()}-{c.GetProperty("end").GetInt32()} {c.GetProperty("quote").GetString()}");
        return root.GetProperty("answer").GetString() + "\n" + string.Join("\n", citations);
    }
}
