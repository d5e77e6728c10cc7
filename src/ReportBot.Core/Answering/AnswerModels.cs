namespace ReportBot.Core.Answering;

/// <summary>One earlier turn of a conversation.</summary>
/// <param name="Role">"user" or "assistant".</param>
/// <param name="Content">What was said.</param>
public sealed record ChatTurn(string Role, string Content);

/// <summary>A question with the conversation so far (oldest first).</summary>
public sealed record AnswerRequest(string Question, IReadOnlyList<ChatTurn>? History = null, string? ConversationId = null);

/// <summary>A verbatim quote from a report that an answer rests on; <c>[n]</c> in the answer points to it.</summary>
/// <param name="N">The marker number.</param>
/// <param name="ReportId">Report the quote comes from.</param>
/// <param name="Title">Report title.</param>
/// <param name="Publisher">Report publisher, if known.</param>
/// <param name="Published">Report date, if known.</param>
/// <param name="Quote">Verbatim report text: <c>report.Text[Start..End]</c>.</param>
/// <param name="Start">Offset of the quote in the report text.</param>
/// <param name="End">Offset after the quote.</param>
public sealed record Citation(int N, string ReportId, string Title, string? Publisher, string? Published, string Quote, int Start, int End);

/// <summary>One side of a disagreement.</summary>
/// <param name="Value">The value this side asserts ("20,000", "Pantsir").</param>
/// <param name="Statement">The sentence that asserts it (verbatim).</param>
/// <param name="N">Citation number of that sentence.</param>
/// <param name="ReportId">Report.</param>
/// <param name="Published">Report date, if known.</param>
/// <param name="Attribution">Who says it, when the sentence says so ("South Korea's military").</param>
/// <param name="IsNewer">True when this side comes from the newest dated report of the disagreement.</param>
public sealed record ClaimView(string Value, string Statement, int N, string ReportId, string? Published, string? Attribution, bool IsNewer = false);

/// <summary>Where the reports disagree.</summary>
/// <param name="Topic">What they disagree about.</param>
/// <param name="Kind">contradiction | changed-over-time | different-scope.</param>
/// <param name="Summary">One plain sentence.</param>
/// <param name="Claims">The sides.</param>
public sealed record Disagreement(string Topic, Claims.DisagreementKind Kind, string Summary, IReadOnlyList<ClaimView> Claims);

/// <summary>A passage the retriever returned, in rank order (for evaluation and the web page).</summary>
public sealed record RetrievedPassage(string ReportId, int ChunkIndex, double Score, int Start, int End);

/// <summary>The answer every channel receives.</summary>
/// <param name="Answer">Markdown with <c>[n]</c> markers.</param>
/// <param name="Answerable">False when the reports do not answer the question (then nothing is cited).</param>
/// <param name="Citations">Cited passages, numbered from 1.</param>
/// <param name="Disagreements">Disagreements among the evidence.</param>
/// <param name="RewrittenQuestion">The standalone question actually searched (after resolving follow-ups).</param>
/// <param name="Retrieved">Passages retrieved, best first.</param>
/// <param name="Mode">How the answer was written: "extractive" (the model-free composer), "generative" (a chat model, its
/// sentences checked against the cited quotes) or "extractive-fallback" (a model is configured but failed; the model-free answer).</param>
/// <param name="Confidence">Share of the question's content that the best evidence sentence covers (0–1); below the configured minimum the bot declines.</param>
public sealed record AnswerResult(
    string Answer,
    bool Answerable,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<Disagreement> Disagreements,
    string RewrittenQuestion,
    IReadOnlyList<RetrievedPassage> Retrieved,
    string Mode = "extractive",
    double Confidence = 0)
{
    /// <summary>Where the time went (not part of the JSON body; the HTTP API sends it as a <c>Server-Timing</c> header).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public AnswerTimings? Timings { get; init; }
}

/// <summary>Milliseconds spent in each step of one answer.</summary>
public sealed record AnswerTimings(double Understand, double Expand, double Embed, double Retrieve, double Evidence, double Compose)
{
    /// <summary>The <c>Server-Timing</c> header value ("understand;dur=0.12, ...").</summary>
    public string ToHeader() => string.Join(", ", new[] { ("understand", Understand), ("expand", Expand), ("embed", Embed), ("retrieve", Retrieve), ("evidence", Evidence), ("compose", Compose) }
        .Select(x => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{x.Item1};dur={x.Item2:F3}")));
}
