using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Server.Web;

namespace ReportBot.Server.Apis;

/// <summary>A report among the retrieved passages (for showing sources before the answer arrives).</summary>
public sealed record StreamSource(string ReportId, string Title, string? Publisher, string? Published);

/// <summary>First event of a stream: what is searched and what was found.</summary>
/// <param name="RewrittenQuestion">The standalone question actually searched.</param>
/// <param name="ConversationId">The conversation, when the request named one.</param>
/// <param name="Retrieved">Passages retrieved, best first.</param>
/// <param name="Sources">The reports those passages come from, in rank order.</param>
public sealed record StreamMeta(string RewrittenQuestion, string? ConversationId, IReadOnlyList<RetrievedPassage> Retrieved, IReadOnlyList<StreamSource> Sources);

/// <summary>A piece of the answer's markdown; the pieces concatenated are the answer.</summary>
public sealed record StreamDelta(string Text);

/// <summary>The answer's citations (the same as in <c>done</c>).</summary>
public sealed record StreamCitations(IReadOnlyList<Citation> Citations);

/// <summary>The answer's disagreements (the same as in <c>done</c>).</summary>
public sealed record StreamDisagreements(IReadOnlyList<Disagreement> Disagreements);

/// <summary>
/// The events of <c>/api/chat/stream</c> (for the OpenAPI document): each property is the <c>data</c> of the event of
/// that name. The stream is <c>meta</c>, <c>delta</c>…, <c>citations</c>, <c>disagreements</c>, <c>done</c>, or stops at <c>error</c>.
/// </summary>
/// <param name="Meta">First: the question searched and the passages found.</param>
/// <param name="Delta">Repeated: the next piece of the answer's markdown.</param>
/// <param name="Citations">The citations.</param>
/// <param name="Disagreements">The disagreements.</param>
/// <param name="Done">Last: the full answer, identical to the <c>/api/chat</c> body.</param>
/// <param name="Error">Instead of the rest, when answering fails after the stream started.</param>
public sealed record ChatStreamEvents(StreamMeta Meta, StreamDelta Delta, StreamCitations Citations, StreamDisagreements Disagreements, AnswerResult Done, ProblemDetails Error);

/// <summary>
/// <c>POST /api/chat/stream</c>: the chat answer as server-sent events — <c>meta</c>, <c>delta</c>…, <c>citations</c>,
/// <c>disagreements</c>, <c>done</c> (the full answer, as <c>/api/chat</c> returns it), or <c>error</c> (ProblemDetails).
/// Bad input is refused before the stream starts, with the same 4xx ProblemDetails as <c>/api/chat</c>.
/// </summary>
public static partial class StreamApi
{
    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/chat/stream", StreamAsync)
            .WithName("ChatStream")
            .WithSummary("Answers a question like /api/chat, as server-sent events.")
            .WithDescription(
                "Events, in order: `meta` (StreamMeta: rewritten question, retrieved passages and their reports), `delta` (StreamDelta, " +
                "repeated: the answer's markdown piece by piece), `citations` (StreamCitations), `disagreements` (StreamDisagreements), " +
                "`done` (AnswerResult, identical to the /api/chat body). A failure after the stream started is sent as `error` " +
                "(ProblemDetails) and ends the stream. Closing the connection cancels the work.")
            .Accepts<ChatRequest>("application/json")
            .Produces<ChatStreamEvents>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithMetadata(new RequestSizeLimitAttribute(ChatApi.MaxBodyBytes));
        return app;
    }

    internal static async Task<IResult> StreamAsync(
        HttpContext http, AnswerService answers, ConversationalAnswerer conversations, CorpusState corpus, WebConversationIds ids,
        IOptions<WebOptions> web, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The same input checks as /api/chat, answered the same way (before any event is sent).
        var (request, error) = await ChatApi.ReadAsync(http.Request, cancellationToken);
        if (error is not null) return error;
        if (answers.Validate(request) is { } v) return ChatApi.Invalid(v.Field, v.Message);
        if (ChatApi.CheckConversation(request!, ids) is { } refused) return refused;
        if (!corpus.IsIndexed)
            return TypedResults.Problem(title: "The reports are still being indexed", detail: "Try again in a few seconds.", statusCode: 503,
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 });

        var logger = loggers.CreateLogger(typeof(StreamApi).FullName!);
        var writer = new EventWriter(http.Response, json.Value.SerializerOptions);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await response.StartAsync(cancellationToken);
            // With a chat model, meta and the model's checked sentences are sent as they come; otherwise after the answer.
            var conversationId = ChatApi.ConversationIdFor(request!, ids);
            var tokens = new TokenStream(writer, conversationId, corpus.Current);
            var result = conversationId is null
                ? await answers.AnswerAsync(request!, tokens, cancellationToken)
                : await conversations.AnswerAsync(WebConversationIds.StoreKey(conversationId), request!.Question, request.History, tokens, cancellationToken);

            if (!tokens.Started)
                await writer.WriteAsync("meta", new StreamMeta(result.RewrittenQuestion, conversationId, result.Retrieved, Sources(result.Retrieved, corpus.Current)), cancellationToken);
            var firstEventMs = clock.Elapsed.TotalMilliseconds;
            var delay = web.Value.StreamDeltaDelayMilliseconds;
            // Pieces written by the model are final unless the model failed midway: then `done` carries the model-free text.
            foreach (var piece in tokens.Deltas > 0 ? [] : Pieces(result.Answer))
            {
                if (delay > 0) await Task.Delay(delay, cancellationToken);
                await writer.WriteAsync("delta", new StreamDelta(piece), cancellationToken);
            }
            await writer.WriteAsync("citations", new StreamCitations(result.Citations), cancellationToken);
            await writer.WriteAsync("disagreements", new StreamDisagreements(result.Disagreements), cancellationToken);
            if (conversationId is null) await writer.WriteAsync("done", result, cancellationToken);
            else await writer.WriteAsync("done", ChatApi.WithConversationId(result, conversationId, json.Value.SerializerOptions), cancellationToken);
            LogCompleted(logger, firstEventMs, clock.Elapsed.TotalMilliseconds, writer.Count);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            LogCancelled(logger, writer.Count);
        }
        catch (IndexUnavailableException e)
        {
            LogUnavailable(logger, e.Message);
            await TryWriteErrorAsync(writer, new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The report index is unavailable",
                Detail = "The search index cannot be reached right now. Try again in a few seconds.",
                Extensions = { ["retryAfterSeconds"] = 5 },
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e);
            await TryWriteErrorAsync(writer, new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "The answer failed", Detail = "Something went wrong while answering. Try again." });
        }
        return Results.Empty;
    }

    /// <summary>The answer cut into word-sized pieces (a word with the spaces after it); concatenated they are the answer.</summary>
    internal static IEnumerable<string> Pieces(string answer) => WordPiece().Matches(answer).Select(m => m.Value);

    private static List<StreamSource> Sources(IReadOnlyList<RetrievedPassage> retrieved, CorpusSnapshot snapshot) =>
        retrieved.Select(p => p.ReportId).Distinct(StringComparer.Ordinal)
            .Select(id => snapshot.ById.TryGetValue(id, out var r) ? new StreamSource(id, r.Report.Metadata.Title, r.Report.Metadata.Publisher, r.Report.Metadata.Published) : new StreamSource(id, id, null, null))
            .ToList();

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static async Task TryWriteErrorAsync(EventWriter writer, ProblemDetails problem)
    {
        try { await writer.WriteAsync("error", problem, CancellationToken.None); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { /* the client is gone */ }
    }

    [GeneratedRegex(@"\s+|\S+\s*")]
    private static partial Regex WordPiece();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chat stream done: first event after {FirstEventMs:F1} ms, last after {TotalMs:F1} ms, {Events} events")]
    private static partial void LogCompleted(ILogger logger, double firstEventMs, double totalMs, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat stream cancelled by the client after {Events} events")]
    private static partial void LogCancelled(ILogger logger, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat stream failed: the index is unavailable ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat stream failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>Sends <c>meta</c> and <c>delta</c> events while a chat model writes the answer.</summary>
    private sealed class TokenStream(EventWriter writer, string? conversationId, CorpusSnapshot snapshot) : IAnswerStream
    {
        public bool Started { get; private set; }

        public int Deltas { get; private set; }

        public async ValueTask OnStartAsync(string rewrittenQuestion, IReadOnlyList<RetrievedPassage> retrieved, CancellationToken cancellationToken)
        {
            await writer.WriteAsync("meta", new StreamMeta(rewrittenQuestion, NullIfBlank(conversationId), retrieved, Sources(retrieved, snapshot)), cancellationToken);
            Started = true;
        }

        public async ValueTask OnDeltaAsync(string text, CancellationToken cancellationToken)
        {
            await writer.WriteAsync("delta", new StreamDelta(text), cancellationToken);
            Deltas++;
        }
    }

    /// <summary>Writes one server-sent event (<c>event:</c> name, one <c>data:</c> line of JSON) and flushes it.</summary>
    private sealed class EventWriter(HttpResponse response, JsonSerializerOptions json)
    {
        private static readonly byte[] EventPrefix = "event: "u8.ToArray();
        private static readonly byte[] DataPrefix = "\ndata: "u8.ToArray();
        private static readonly byte[] End = "\n\n"u8.ToArray();

        public int Count { get; private set; }

        public async Task WriteAsync<T>(string name, T data, CancellationToken cancellationToken)
        {
            // Compact JSON has no raw line breaks (they are escaped inside strings), so one data line suffices.
            var payload = JsonSerializer.SerializeToUtf8Bytes(data, json);
            var body = response.Body;
            await body.WriteAsync(EventPrefix, cancellationToken);
            await body.WriteAsync(Encoding.UTF8.GetBytes(name), cancellationToken);
            await body.WriteAsync(DataPrefix, cancellationToken);
            await body.WriteAsync(payload, cancellationToken);
            await body.WriteAsync(End, cancellationToken);
            await body.FlushAsync(cancellationToken);
            Count++;
        }
    }
}
