using System.Globalization;
using System.Net;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Qdrant;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Qdrant;

/// <summary>
/// Qdrant.Client under the index against the real server: every call carries the API key and a deadline, transient gRPC
/// failures are retried and open the circuit, client errors are not retried, results group by report, and the local
/// server's gRPC port listens on loopback only. Faults are injected in the HTTP/2 handler under the gRPC channel.
/// </summary>
[Collection("qdrant")]
public sealed class QdrantClientTests(QdrantFixture fixture)
{
    private static readonly IndexSchema Schema = new("chunks", "manifests", 4);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transient_failures_are_retried_and_every_call_carries_the_api_key()
    {
        // The first two attempts get HTTP 503 (gRPC: Unavailable) before reaching Qdrant; the third goes through.
        var handler = new FaultyHandler(failFirst: 2, HttpStatusCode.ServiceUnavailable);
        var index = fixture.CreateIndex("retry", o => { o.ApiKey = "secret"; o.RetryBaseDelayMilliseconds = 1; }, handler);
        index.UseSchema(Schema);
        var ex = await Should.ThrowAsync<InvalidOperationException>(() => index.CountChunksAsync(Ct)); // reached Qdrant: no such collection
        ex.ShouldNotBeOfType<IndexUnavailableException>();
        ex.Message.ShouldContain("doesn't exist");
        handler.Calls.ShouldBe(3);
        handler.ApiKeys.ShouldAllBe(k => k == "secret");
    }

    [Fact]
    public async Task Exhausted_retries_then_an_open_circuit_give_IndexUnavailable_without_a_request()
    {
        var handler = new FaultyHandler(failFirst: int.MaxValue, HttpStatusCode.BadGateway);
        var index = fixture.CreateIndex("circuit", o => o.RetryBaseDelayMilliseconds = 1, handler);
        index.UseSchema(Schema);
        var ex = await Should.ThrowAsync<IndexUnavailableException>(() => index.CountChunksAsync(Ct));
        ex.Message.ShouldContain("Unavailable");
        handler.Calls.ShouldBe(4); // 1 + 3 retries: the breaker's 4 failures open it
        var open = await Should.ThrowAsync<IndexUnavailableException>(() => index.CountChunksAsync(Ct));
        open.Message.ShouldContain("circuit open");
        handler.Calls.ShouldBe(4); // circuit open: no request sent
    }

    [Fact]
    public async Task Every_call_has_a_deadline()
    {
        // A server that never answers: the call ends with DeadlineExceeded (then IndexUnavailable), not a hang.
        var handler = new FaultyHandler(failFirst: int.MaxValue, status: null);
        var index = fixture.CreateIndex("deadline", o => { o.TimeoutSeconds = 1; o.RetryCount = 0; }, handler);
        index.UseSchema(Schema);
        var ex = await Should.ThrowAsync<IndexUnavailableException>(() => index.CountChunksAsync(Ct));
        ex.Message.ShouldContain("DeadlineExceeded");
        handler.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task Schema_changes_have_their_own_longer_deadline()
    {
        // Creating a collection or a payload index is slower than a query on a loaded machine (over 5 s once in CI): those
        // calls are held 1.5 s here, past the 1 s deadline of other calls, and still succeed at the first attempt.
        var handler = new SlowSchemaHandler(TimeSpan.FromSeconds(1.5), serverTimeouts: 0);
        var index = fixture.CreateIndex("slowschema", o => { o.TimeoutSeconds = 1; o.SchemaTimeoutSeconds = 10; o.RetryCount = 0; }, handler);
        await index.EnsureCollectionsAsync(Schema, Ct);
        handler.SchemaCalls.ShouldBeGreaterThanOrEqualTo(2); // both collections created, through the held calls
        (await index.CountChunksAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_deadline_ended_on_Qdrants_side_is_retried()
    {
        // Qdrant's gRPC server ends a call whose deadline passed with "cancelled: Timeout expired": a transient failure.
        var handler = new SlowSchemaHandler(TimeSpan.Zero, serverTimeouts: 1);
        var index = fixture.CreateIndex("servertimeout", o => o.RetryBaseDelayMilliseconds = 1, handler);
        await index.EnsureCollectionsAsync(Schema, Ct);
        handler.ServerTimeoutsSent.ShouldBe(1);
        (await index.CountChunksAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_carry_Qdrants_message()
    {
        var handler = new FaultyHandler(failFirst: 0, HttpStatusCode.OK);
        var index = fixture.CreateIndex("badinput", null, handler);
        await index.EnsureCollectionsAsync(Schema, Ct);
        var calls = handler.Calls;
        var ex = await Should.ThrowAsync<InvalidOperationException>(() =>
            index.QueryAsync(new HybridQuery([1, 0], new SparseVector([], []), 5, 10, FusionMode.DenseOnly), Ct));
        ex.Message.ShouldContain("Vector dimension error");
        (handler.Calls - calls).ShouldBe(1);
    }

    [Fact]
    public async Task Query_by_report_groups_the_fused_results_by_report_best_first()
    {
        var index = fixture.CreateIndex("groups");
        await index.EnsureCollectionsAsync(Schema, Ct);
        IndexPoint Point(string report, int chunk, float[] dense, uint[] terms) =>
            new(Guid.NewGuid(), dense, new SparseVector(terms, terms.Select(_ => 1f).ToArray()),
                new ChunkPayload(report, "T " + report, null, null, chunk, chunk * 10, chunk * 10 + 9, $"{report} chunk {chunk}", chunk == 0, "h"));
        await index.UpsertChunksAsync(
        [
            Point("a", 0, [1, 0, 0, 0], [1, 2]), Point("a", 1, [0.9f, 0.1f, 0, 0], [1]), Point("a", 2, [0.8f, 0.2f, 0, 0], [1]),
            // b's best chunk is second in the dense list and shares a term: clearly ahead of c, whose only chunk matches
            // nothing (with b0 at [0.5, 0.5] the two were close enough that Qdrant returned c as the second group in one run).
            Point("b", 0, [0.95f, 0.05f, 0, 0], [1]), Point("b", 1, [0, 1, 0, 0], [3]),
            Point("c", 0, [0, 0, 1, 0], [4]),
        ], Ct);

        var query = new HybridQuery([1, 0, 0, 0], new SparseVector([1, 2], [1, 1]), Limit: 2, PrefetchLimit: 10, FusionMode.Rrf);
        var groups = await index.QueryByReportAsync(query, perReport: 2, Ct);

        groups.Select(g => g.ReportId).ShouldBe(["a", "b"]);
        groups[0].Chunks.Count.ShouldBe(2);
        groups[0].Chunks.ShouldAllBe(c => c.Payload.ReportId == "a");
        groups[0].Chunks[0].Payload.ChunkIndex.ShouldBe(0);
        groups[0].Chunks[0].Score.ShouldBeGreaterThanOrEqualTo(groups[0].Chunks[1].Score);
        groups[0].Chunks[0].Score.ShouldBeGreaterThan(groups[1].Chunks[0].Score);
        groups[1].Chunks.ShouldAllBe(c => c.Payload.ReportId == "b");

        var filtered = await index.QueryByReportAsync(query with { Filter = new QueryFilter(ReportIds: ["c"]) }, 3, Ct);
        filtered.Single().ReportId.ShouldBe("c");
        filtered.Single().Chunks.Single().Payload.Text.ShouldBe("c chunk 0");
    }

    [Fact]
    public void The_local_servers_grpc_and_rest_ports_listen_on_loopback_only()
    {
        var ports = new[] { fixture.Process.GrpcPort, fixture.Process.HttpPort };
        var listening = ListeningSockets().Where(s => ports.Contains(s.Port)).ToList();
        listening.Select(s => s.Port).Distinct().Order().ShouldBe(ports.Order());
        listening.ShouldAllBe(s => s.Address == "0100007F", "every listening socket of the local Qdrant is bound to 127.0.0.1");
    }

    /// <summary>Listening TCP sockets from /proc/net/tcp and tcp6 (address as the kernel prints it, port).</summary>
    private static IEnumerable<(string Address, int Port)> ListeningSockets()
    {
        foreach (var file in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 4 || parts[3] != "0A") continue; // 0A = LISTEN
                var local = parts[1].Split(':');
                yield return (local[0], int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// The HTTP/2 handler under the gRPC channel: holds every schema change (create a collection or a payload index) for
    /// <c>delay</c> before passing it to Qdrant, and answers the first <c>serverTimeouts</c> of them itself as Qdrant's
    /// server does when a call's deadline ends on its side (a trailers-only gRPC response: cancelled, "Timeout expired").
    /// </summary>
    private sealed class SlowSchemaHandler(TimeSpan delay, int serverTimeouts) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _schemaCalls;
        private int _serverTimeoutsSent;

        public int SchemaCalls => _schemaCalls;

        public int ServerTimeoutsSent => _serverTimeoutsSent;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri?.AbsolutePath ?? "";
            if (path is "/qdrant.Collections/Create" or "/qdrant.Points/CreateFieldIndex")
            {
                if (Interlocked.Increment(ref _schemaCalls) <= serverTimeouts)
                {
                    Interlocked.Increment(ref _serverTimeoutsSent);
                    var response = new HttpResponseMessage(HttpStatusCode.OK) { Version = request.Version, Content = new ByteArrayContent([]) };
                    response.Content.Headers.ContentType = new("application/grpc");
                    response.Headers.Add("grpc-status", "1");
                    response.Headers.Add("grpc-message", "Timeout expired");
                    return response;
                }
                await Task.Delay(delay, cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// The HTTP/2 handler under the gRPC channel: answers the first <c>failFirst</c> requests itself (with
    /// <c>status</c>, or never when it is null), passes the rest to Qdrant, and records every request's api-key header.
    /// </summary>
    private sealed class FaultyHandler(int failFirst, HttpStatusCode? status) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _calls;

        public int Calls => _calls;

        public List<string?> ApiKeys { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (ApiKeys) ApiKeys.Add(request.Headers.TryGetValues("api-key", out var values) ? values.Single() : null);
            if (Interlocked.Increment(ref _calls) > failFirst)
                return await base.SendAsync(request, cancellationToken);
            if (status is not { } s)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
            return new HttpResponseMessage(s) { Version = request.Version, Content = new ByteArrayContent([]) };
        }
    }
}
