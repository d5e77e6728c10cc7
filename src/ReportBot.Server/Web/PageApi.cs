using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Server.Channels.Teams;
using ReportBot.Server.Uploads;

namespace ReportBot.Server.Web;

/// <summary>What the chat page needs to start.</summary>
/// <param name="SampleQuestions">Questions to offer: those the loaded reports answer (the configured ones first, then questions made from the reports' headlines); none when none is answered.</param>
/// <param name="Reports">Reports in the corpus now.</param>
/// <param name="Indexed">True once the corpus is indexed and questions can be answered.</param>
/// <param name="UploadsEnabled">True when reports can be added from the page (<c>ReportBot:Uploads:Enabled</c>).</param>
/// <param name="UploadMaxBytes">Largest report accepted.</param>
public sealed record PageSettings(IReadOnlyList<string> SampleQuestions, int Reports, bool Indexed, bool UploadsEnabled = false, long UploadMaxBytes = 0);

/// <summary>Body of <c>POST /api/feedback</c>: thumbs up or down on an answer of the page, with an optional comment.</summary>
/// <param name="ConversationId">The page's conversation id.</param>
/// <param name="Question">The question asked.</param>
/// <param name="Answer">The answer given.</param>
/// <param name="Reaction">"like" or "dislike".</param>
/// <param name="Comment">Optional text (at most 2,000 characters).</param>
public sealed record PageFeedback(string? ConversationId, string? Question, string? Answer, string? Reaction, string? Comment);

/// <summary><c>GET /api/page</c> (settings for the chat page served at <c>/</c>) and <c>POST /api/feedback</c>.</summary>
public static class PageApi
{
    public static IEndpointRouteBuilder MapPageApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/page", async (IOptions<UploadOptions> uploads, CorpusState corpus, SampleQuestions samples, CancellationToken ct) =>
                TypedResults.Ok(new PageSettings(await samples.GetAsync(ct), corpus.Current.Reports.Count, corpus.IsIndexed, uploads.Value.Enabled, uploads.Value.MaxBytes)))
            .WithName("PageSettings")
            .WithTags("Page")
            .WithSummary("Settings for the chat page: sample questions the reports answer, whether the corpus is ready, whether reports can be added.");
        app.MapPost("/api/feedback", async (PageFeedback f, TeamsFeedbackStore store, CancellationToken ct) =>
            {
                if (f.Reaction is not ("like" or "dislike")) return Invalid("reaction", "'reaction' must be \"like\" or \"dislike\".");
                if (string.IsNullOrWhiteSpace(f.ConversationId) || f.ConversationId.Length > 200) return Invalid("conversationId", "'conversationId' is required (at most 200 characters).");
                if (string.IsNullOrWhiteSpace(f.Question) || f.Question.Length > 2000) return Invalid("question", "'question' is required (at most 2,000 characters).");
                if (string.IsNullOrWhiteSpace(f.Answer) || f.Answer.Length > 20_000) return Invalid("answer", "'answer' is required (at most 20,000 characters).");
                if (f.Comment is { Length: > 2000 }) return Invalid("comment", "'comment' is at most 2,000 characters.");
                // Stored as Teams feedback is: the reaction, the text, and the question and answer it is about.
                var id = "web:" + Guid.NewGuid().ToString("N");
                await store.RememberAnswerAsync(id, "web:" + f.ConversationId, f.Question, f.Answer, ct);
                await store.SaveAsync("web:" + f.ConversationId, id, f.Reaction, string.IsNullOrWhiteSpace(f.Comment) ? null : f.Comment.Trim(), "web", ct);
                return TypedResults.NoContent();
            })
            .WithName("Feedback")
            .WithTags("Page")
            .WithSummary("Thumbs up or down on an answer of the page, with an optional comment (stored with the question and answer, like Teams feedback).")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
        return app;
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: $"Invalid '{field}'");
}

/// <summary>
/// Sample questions that fit the reports loaded now: the configured ones the reports answer, then questions made from the
/// newest reports' headlines that they answer; at most four, worked out once per corpus snapshot.
/// </summary>
public sealed class SampleQuestions(CorpusState corpus, AnswerService answers, IOptions<WebOptions> web, ILogger<SampleQuestions> logger)
{
    private const int Count = 4;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (CorpusSnapshot Snapshot, IReadOnlyList<string> Questions)? _cache;

    public async Task<IReadOnlyList<string>> GetAsync(CancellationToken cancellationToken)
    {
        if (!corpus.IsIndexed) return [];
        var snapshot = corpus.Current;
        if (_cache is { } c && ReferenceEquals(c.Snapshot, snapshot)) return c.Questions;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cache is { } again && ReferenceEquals(again.Snapshot, snapshot)) return again.Questions;
            var headlines = snapshot.Reports
                .Where(r => r.HeadlineParagraph >= 0)
                .OrderByDescending(r => r.Report.Metadata.Published ?? "", StringComparer.Ordinal)
                .Select(r => r.Paragraphs[r.HeadlineParagraph].Of(r.Report.Text).Trim().TrimEnd('.', '?', '!'))
                .Where(h => h.Length is > 10 and <= 120)
                .Select(h => $"What do the reports say about “{h}”?");
            var chosen = new List<string>();
            foreach (var q in web.Value.SampleQuestions.Concat(headlines).Distinct().Take(12))
            {
                if (chosen.Count == Count) break;
                try
                {
                    if ((await answers.AnswerAsync(new AnswerRequest(q), cancellationToken)).Answerable) chosen.Add(q);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Checking the sample question failed ({Message}); the page shows fewer", e.Message);
                    return chosen;
                }
            }
            _cache = (snapshot, chosen);
            return chosen;
        }
        finally
        {
            _gate.Release();
        }
    }
}
