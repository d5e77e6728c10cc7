using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;

namespace ReportBot.Server.Apis;

/// <summary>Liveness (the process answers) and readiness (Qdrant answers and the corpus is indexed).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithName("Live").WithSummary("The process is up.");
        app.MapGet("/health/ready", async (IVectorIndex index, CorpusState corpus, CancellationToken ct) =>
        {
            var qdrant = await index.IsAvailableAsync(ct);
            var body = new { status = qdrant && corpus.IsIndexed ? "ready" : "not ready", qdrant, indexed = corpus.IsIndexed, reports = corpus.Current.Reports.Count, chunks = corpus.Current.Chunks.Count };
            return qdrant && corpus.IsIndexed ? Results.Ok(body) : Results.Json(body, statusCode: 503);
        }).WithName("Ready").WithSummary("Ready when Qdrant answers and the corpus is indexed.");
        return app;
    }
}
