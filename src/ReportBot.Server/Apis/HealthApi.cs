using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;

namespace ReportBot.Server.Apis;

/// <summary>Body of <c>GET /health/live</c>.</summary>
/// <param name="Status">Always "live".</param>
public sealed record LiveStatus(string Status);

/// <summary>Body of <c>GET /health/ready</c> (200 when ready, 503 otherwise).</summary>
/// <param name="Status">"ready" or "not ready".</param>
/// <param name="Qdrant">True when Qdrant answers.</param>
/// <param name="Indexed">True once the corpus has been indexed.</param>
/// <param name="Reports">Reports indexed.</param>
/// <param name="Chunks">Chunks indexed.</param>
/// <param name="Skipped">Report files left out of the index, each with the step it failed in and the reason.</param>
public sealed record ReadyStatus(string Status, bool Qdrant, bool Indexed, int Reports, int Chunks, IReadOnlyList<SkippedReport> Skipped);

/// <summary>Liveness (the process answers) and readiness (Qdrant answers and the corpus is indexed).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new LiveStatus("live"))).WithName("Live").WithSummary("The process is up.");
        app.MapGet("/health/ready", async (IVectorIndex index, CorpusState corpus, CancellationToken ct) =>
        {
            var qdrant = await index.IsAvailableAsync(ct);
            var ready = qdrant && corpus.IsIndexed;
            var body = new ReadyStatus(ready ? "ready" : "not ready", qdrant, corpus.IsIndexed, corpus.Current.Reports.Count, corpus.Current.Chunks.Count, corpus.Skipped);
            return ready ? Results.Ok(body) : Results.Json(body, statusCode: 503);
        }).WithName("Ready").WithSummary("Ready when Qdrant answers and the corpus is indexed; lists the report files that were skipped and why.")
            .Produces<ReadyStatus>().Produces<ReadyStatus>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
