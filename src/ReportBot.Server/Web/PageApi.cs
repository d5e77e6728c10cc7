using Microsoft.Extensions.Options;
using ReportBot.Core.Ingestion;

namespace ReportBot.Server.Web;

/// <summary>What the chat page needs to start: its sample questions and the size of the corpus.</summary>
/// <param name="SampleQuestions">Questions to offer (from <see cref="WebOptions.SampleQuestions"/>).</param>
/// <param name="Reports">Reports in the corpus now.</param>
/// <param name="Indexed">True once the corpus is indexed and questions can be answered.</param>
public sealed record PageSettings(IReadOnlyList<string> SampleQuestions, int Reports, bool Indexed);

/// <summary><c>GET /api/page</c>: settings for the chat page served at <c>/</c>.</summary>
public static class PageApi
{
    public static IEndpointRouteBuilder MapPageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/page", (IOptions<WebOptions> web, CorpusState corpus) =>
                TypedResults.Ok(new PageSettings(web.Value.SampleQuestions, corpus.Current.Reports.Count, corpus.IsIndexed)))
            .WithName("PageSettings")
            .WithTags("Page")
            .WithSummary("Settings for the chat page: sample questions and whether the corpus is ready.");
        return app;
    }
}
