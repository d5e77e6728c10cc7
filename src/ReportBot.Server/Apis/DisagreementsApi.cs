using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;

namespace ReportBot.Server.Apis;

/// <summary>The map of where the reports disagree.</summary>
public static class DisagreementsApi
{
    public static IEndpointRouteBuilder MapDisagreementsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/disagreements", (CorpusState corpus) => corpus.IsIndexed
                ? Results.Ok(DisagreementMap.From(corpus.Current))
                : TypedResults.Problem(title: "The reports are still being indexed", detail: "Try again in a few seconds.", statusCode: 503))
            .WithName("Disagreements")
            .WithSummary("Every disagreement in the corpus (contradiction, changed over time, different scope) with its claims and citations.")
            .Produces<DisagreementMap>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
