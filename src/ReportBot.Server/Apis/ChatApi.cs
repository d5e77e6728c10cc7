using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using ReportBot.Server.Web;
using System.Text.Json.Serialization;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;

namespace ReportBot.Server.Apis;

/// <summary>Body of <c>POST /api/chat</c>.</summary>
/// <param name="Question">What the user asks (required, at most 2,000 characters).</param>
/// <param name="History">Earlier turns, oldest first (at most 20).</param>
/// <param name="ConversationId">
/// Conversation the question belongs to (optional): <c>"new"</c> starts one (the response brings its id), afterwards the
/// id the server issued. Any other id is refused with 400.
/// </param>
public sealed record ChatRequest(string? Question, List<ChatTurnDto?>? History, string? ConversationId);

/// <summary>One earlier turn.</summary>
public sealed record ChatTurnDto(string? Role, string? Content);

/// <summary>The chat endpoint: one question in, one cited answer out.</summary>
public static class ChatApi
{
    /// <summary>Largest accepted request body (bytes).</summary>
    public const long MaxBodyBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/chat", ChatAsync)
            .WithName("Chat")
            .WithSummary("Answers a question about the reports, with verbatim citations and the disagreements among them.")
            .Accepts<ChatRequest>("application/json")
            .Produces<AnswerResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    internal static async Task<IResult> ChatAsync(HttpRequest http, AnswerService answers, ConversationalAnswerer conversations, CorpusState corpus,
        WebConversationIds ids, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken cancellationToken)
    {
        var (request, error) = await ReadAsync(http, cancellationToken);
        if (error is not null) return error;
        var validation = answers.Validate(request);
        if (validation is { } v) return Invalid(v.Field, v.Message);
        if (CheckConversation(request!, ids) is { } refused) return refused;
        if (!corpus.IsIndexed)
            return TypedResults.Problem(title: "The reports are still being indexed", detail: "Try again in a few seconds.", statusCode: 503,
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 });
        // With a conversation id the server keeps the history (used when the request brings none).
        var conversationId = ConversationIdFor(request!, ids);
        var result = conversationId is null
            ? await answers.AnswerAsync(request!, cancellationToken)
            : await conversations.AnswerAsync(WebConversationIds.StoreKey(conversationId), request!.Question, request.History, cancellationToken);
        if (result.Timings is { } timings) http.HttpContext.Response.Headers["Server-Timing"] = timings.ToHeader();
        return conversationId is null ? TypedResults.Ok(result) : TypedResults.Ok(WithConversationId(result, conversationId, json.Value.SerializerOptions));
    }

    /// <summary>
    /// Refuses a conversation id the server did not issue (a guessed one, another client's made up, a Teams or Slack
    /// conversation's); <c>"new"</c> and none are fine.
    /// </summary>
    internal static IResult? CheckConversation(AnswerRequest request, WebConversationIds ids)
    {
        if (string.IsNullOrWhiteSpace(request.ConversationId) || request.ConversationId == WebConversationIds.New || ids.IsIssued(request.ConversationId)) return null;
        return Invalid("conversationId", "Unknown conversation id. Send \"conversationId\": \"new\" to start a conversation; the server answers with its id.");
    }

    /// <summary>The conversation the request is answered in: none, a new one issued now, or the issued one it names.</summary>
    internal static string? ConversationIdFor(AnswerRequest request, WebConversationIds ids) =>
        string.IsNullOrWhiteSpace(request.ConversationId) ? null
        : request.ConversationId == WebConversationIds.New ? ids.Issue()
        : request.ConversationId;

    /// <summary>The answer's JSON body with <c>conversationId</c> added.</summary>
    internal static JsonObject WithConversationId(AnswerResult result, string conversationId, JsonSerializerOptions options)
    {
        var body = JsonSerializer.SerializeToNode(result, options)!.AsObject();
        body["conversationId"] = conversationId;
        return body;
    }

    /// <summary>Reads and checks the JSON body, naming the offending field on failure.</summary>
    internal static async Task<(AnswerRequest? Request, IResult? Error)> ReadAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        if (!http.HasJsonContentType()) return (null, Invalid("body", "The body must be JSON (Content-Type: application/json)."));
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(http.Body, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken); }
        catch (JsonException) { return (null, Invalid("body", "The body is not valid JSON.")); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, Invalid("body", "The body must be a JSON object."));
            ChatRequest? dto;
            try { dto = doc.RootElement.Deserialize<ChatRequest>(Json); }
            catch (JsonException e) { return (null, Invalid(FieldOf(e.Path), $"'{FieldOf(e.Path)}' has the wrong type.")); }
            if (dto is null) return (null, Invalid("body", "The body must be a JSON object."));
            if (dto.History is { } h)
                for (var i = 0; i < h.Count; i++)
                    if (h[i] is null) return (null, Invalid($"history[{i}]", "A history turn must be an object with 'role' and 'content'."));
            var history = dto.History?.Select(t => new ChatTurn(t!.Role ?? "", t.Content!)).ToList();
            return (new AnswerRequest(dto.Question ?? "", history, dto.ConversationId), null);
        }
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    internal static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message, title: $"Invalid '{field}'");
}
