using Microsoft.AspNetCore.Http.HttpResults;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;

namespace ReportBot.Server.Apis;

/// <summary>One report of the corpus, as listed.</summary>
/// <param name="Id">Report id (file name without extension); citations and retrieved passages use it.</param>
/// <param name="Title">Headline.</param>
/// <param name="Publisher">Outlet, when the report names it.</param>
/// <param name="Published">Date ("2025-03-27", "2025-03" or "2025"), when known.</param>
/// <param name="PublishedInferred">True when the date was inferred rather than printed as the publication date.</param>
/// <param name="PublishedBasis">The words an inferred date rests on.</param>
/// <param name="Byline">Author or agency.</param>
/// <param name="Url">Article URL, only when the report states it.</param>
/// <param name="ParagraphCount">Paragraphs kept after removing page furniture.</param>
public sealed record ReportSummary(string Id, string Title, string? Publisher, string? Published, bool PublishedInferred, string? PublishedBasis, string? Byline, string? Url, int ParagraphCount);

/// <summary>The list of reports.</summary>
/// <param name="Reports">The reports indexed.</param>
/// <param name="Skipped">Report files left out of the index (unreadable, or a step failed on them), with the reason.</param>
public sealed record ReportList(IReadOnlyList<ReportSummary> Reports, IReadOnlyList<SkippedReport> Skipped);

/// <summary>A report with its text, for the reader.</summary>
/// <param name="Report">Metadata.</param>
/// <param name="Text">The full report text; citation offsets index it.</param>
/// <param name="Paragraphs">The kept paragraphs, in order, as <c>[start, end]</c> offsets into <paramref name="Text"/>.</param>
/// <param name="HeadlineParagraph">Index into <paramref name="Paragraphs"/> of the headline, or -1.</param>
public sealed record ReportDetail(ReportSummary Report, string Text, IReadOnlyList<int[]> Paragraphs, int HeadlineParagraph);

/// <summary>The corpus as the bot currently holds it: a list, and each report's text with its paragraphs.</summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports");
        reports.MapGet("/", List)
            .WithName("ListReports")
            .WithSummary("Lists the reports of the corpus with their metadata, newest first.");
        reports.MapGet("/{id}", Get)
            .WithName("GetReport")
            .WithSummary("One report: metadata, full text and its paragraphs as [start, end] offsets (citation offsets index the same text).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static Ok<ReportList> List(CorpusState corpus) =>
        TypedResults.Ok(new ReportList(corpus.Current.Reports
            .Select(Summary)
            .OrderByDescending(r => r.Published ?? "", StringComparer.Ordinal)
            .ThenBy(r => r.Title, StringComparer.CurrentCulture)
            .ToList(), corpus.Skipped));

    internal static Results<Ok<ReportDetail>, ProblemHttpResult> Get(string id, CorpusState corpus)
    {
        if (!corpus.Current.ById.TryGetValue(id, out var cleaned))
            return TypedResults.Problem(title: "Report not found", detail: $"There is no report with the id '{id}'.", statusCode: StatusCodes.Status404NotFound);
        var paragraphs = cleaned.Paragraphs.Select(p => new[] { p.Start, p.End }).ToList();
        return TypedResults.Ok(new ReportDetail(Summary(cleaned), cleaned.Report.Text, paragraphs, cleaned.HeadlineParagraph));
    }

    private static ReportSummary Summary(CleanedReport cleaned)
    {
        var (id, _, m, _, _) = cleaned.Report;
        return new ReportSummary(id, m.Title, Blank(m.Publisher), Blank(m.Published), m.PublishedInferred, Blank(m.PublishedBasis), Blank(m.Byline), Blank(m.Url), cleaned.Paragraphs.Count);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
