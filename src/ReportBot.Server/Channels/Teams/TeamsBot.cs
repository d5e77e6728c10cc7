using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// What the bot does with an authenticated activity: answers messages (personal chat, group chat, channel threads) through
/// the shared <see cref="ConversationalAnswerer"/>, welcomes the conversation when it is added, stores feedback, and
/// acknowledges everything else. Messages and welcomes are answered by <see cref="TeamsActivityWorker"/> after the
/// request was acknowledged (<see cref="RespondAsync"/>); feedback (<c>invoke</c>) is handled inside the request, whose
/// response carries the invoke result (<see cref="HandleAsync"/>). In personal chats the answer is streamed
/// (<see cref="TeamsReplyStream"/>); elsewhere a typing indicator is shown and the answer is one message.
/// </summary>
public sealed partial class TeamsBot(
    ConversationalAnswerer answerer,
    CorpusState corpus,
    AnsweringOptions answering,
    ConnectorClient connector,
    TeamsReplyBuilder replies,
    TeamsFeedbackStore feedback,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsBot> logger)
{
    /// <summary>Interval of the repeated typing indicator while an answer is being written.</summary>
    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    /// <summary>Longest a finished answer waits for a typing indicator still being sent.</summary>
    public static readonly TimeSpan TypingGrace = TimeSpan.FromSeconds(2);

    /// <summary>True for the activities answered in the background: messages, and the bot being added to a conversation.</summary>
    public static bool IsAnsweredLater(Activity activity) => activity.Type switch
    {
        "message" => true,
        "conversationUpdate" => IsBotAdded(activity),
        _ => false,
    };

    /// <summary>Why a message cannot be answered at all (the endpoint answers 400), or null.</summary>
    public static string? Invalid(Activity activity) =>
        activity.Type == "message" && (activity.Conversation?.Id is not { Length: > 0 } || string.IsNullOrEmpty(activity.ServiceUrl))
            ? "A message needs conversation.id and serviceUrl."
            : null;

    /// <summary>Handles an activity inside its request (feedback, and the types with nothing to send); returns the HTTP result for the channel.</summary>
    public async Task<IResult> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Type == "invoke") return await OnInvokeAsync(activity, cancellationToken);
        // messageReaction, typing, installationUpdate, a conversationUpdate that does not add the bot, and types this
        // bot does not know: acknowledged, nothing to do.
        logger.LogDebug("Ignored a {Type} activity", LogValue.Escape(activity.Type));
        return TypedResults.Ok();
    }

    /// <summary>Answers a message or welcomes the conversation, through the connector. Throws when the connector gives up.</summary>
    public Task RespondAsync(Activity activity, CancellationToken cancellationToken) => activity.Type switch
    {
        "message" => OnMessageAsync(activity, cancellationToken),
        "conversationUpdate" => OnConversationUpdateAsync(activity, cancellationToken),
        _ => Task.CompletedTask,
    };

    private async Task OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { Length: > 0 } conversationId || activity.ServiceUrl is null) return;
        var question = QuestionText(activity);
        if (question.Length == 0)
        {
            await SendAsync(activity, TeamsReplyBuilder.Reply(activity, "Please type a question about the news reports, and I'll answer it with quotes from them."), cancellationToken);
            return;
        }
        if (question.Length > answering.MaxQuestionLength)
        {
            await SendAsync(activity, TeamsReplyBuilder.Reply(activity,
                $"Sorry, that message is too long for me ({question.Length:N0} characters). Please ask in at most {answering.MaxQuestionLength:N0} characters."), cancellationToken);
            return;
        }
        if (!corpus.IsIndexed)
        {
            await SendAsync(activity, TeamsReplyBuilder.Reply(activity, "I'm still reading the reports. Please ask again in a few seconds."), cancellationToken);
            return;
        }

        AnswerResult? result = null;
        // In a personal chat the informative update stands in for the typing indicator, and the draft follows the model.
        await using var stream = options.Value.Streaming && TeamsReplyStream.IsAllowedIn(activity)
            ? TeamsReplyStream.Open(activity, connector, options.Value, time, logger, cancellationToken)
            : null;
        using (var typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (var typingSend = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var indicator = stream is null ? KeepTypingAsync(activity, typing.Token, typingSend.Token) : Task.CompletedTask;
            try
            {
                result = await answerer.AnswerAsync("teams:" + conversationId, question, null, stream?.Draft, cancellationToken);
            }
            catch (IndexUnavailableException e)
            {
                logger.LogWarning("Teams answer failed: the index is unavailable ({Message})", e.Message);
            }
            finally
            {
                // Whatever happened, the indicator stops before the reply (or the failure) goes out: a send under way may
                // finish (so it never lands after the answer), for at most TypingGrace; a slow connector does not hold the answer.
                await typing.CancelAsync();
                try { await indicator.WaitAsync(TypingGrace, CancellationToken.None); }
                catch (TimeoutException)
                {
                    await typingSend.CancelAsync();
                    await indicator;
                }
            }
        }
        if (result is null)
        {
            var sorry = TeamsReplyBuilder.Reply(activity, "Sorry, I can't reach the report index right now. Please try again in a few seconds.");
            await (stream is null ? SendAsync(activity, sorry, cancellationToken) : stream.SendFinalAsync(sorry, cancellationToken));
            return;
        }

        // The final message is the checked answer; when streamed, it replaces the draft.
        var reply = replies.Answer(activity, result);
        var id = stream is null ? await SendAsync(activity, reply, cancellationToken) : await stream.SendFinalAsync(reply, cancellationToken);
        try
        {
            await feedback.RememberAnswerAsync(id ?? activity.Id ?? Guid.NewGuid().ToString("N"), "teams:" + conversationId, question, result.Answer, CancellationToken.None);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // The answer is delivered: a failure here must not make the queue answer it again. Feedback on it is stored
            // without its question and answer.
            logger.LogWarning("Teams: could not remember a delivered answer for feedback ({Message})", e.Message);
        }
    }

    /// <summary>
    /// Sends the typing indicator now and every <see cref="TypingInterval"/> until <paramref name="stop"/>. A send under
    /// way is finished, not cancelled, when the answer is ready (only <paramref name="cancellationToken"/> aborts it):
    /// the caller awaits this before replying, so the indicator never arrives after the answer (Teams would then show
    /// "typing" under a finished reply).
    /// </summary>
    private async Task KeepTypingAsync(Activity activity, CancellationToken stop, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TypingInterval);
            do await SendAsync(activity, TeamsReplyBuilder.Typing(activity), cancellationToken);
            while (!stop.IsCancellationRequested && await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            // The indicator is a courtesy: its failure never stops the answer (whose own delivery reports the connector).
            logger.LogDebug("Typing indicator not delivered ({Reason})", e.GetType().Name);
        }
    }

    private async Task OnConversationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (!IsBotAdded(activity)) return;
        await SendAsync(activity, replies.Welcome(activity), cancellationToken, asReply: false);
    }

    private static bool IsBotAdded(Activity activity)
    {
        var botId = activity.Recipient?.Id;
        return botId is not null && activity.MembersAdded?.Any(m => m?.Id == botId) == true
               && activity.Conversation?.Id is { Length: > 0 } && !string.IsNullOrEmpty(activity.ServiceUrl);
    }

    private async Task<IResult> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Name != "message/submitAction")
            return TypedResults.StatusCode((int)HttpStatusCode.NotImplemented);
        string? reaction = null, text = null;
        if (activity.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("actionValue", out var action) && action.ValueKind == JsonValueKind.Object)
        {
            reaction = action.TryGetProperty("reaction", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            // "feedback" is a JSON string: {"feedbackText": "..."}.
            if (action.TryGetProperty("feedback", out var f))
                text = f.ValueKind switch
                {
                    JsonValueKind.String => FeedbackText(f.GetString()),
                    JsonValueKind.Object when f.TryGetProperty("feedbackText", out var t) && t.ValueKind == JsonValueKind.String => t.GetString(),
                    _ => null,
                };
        }
        if (reaction is not ("like" or "dislike") || activity.Conversation?.Id is not { Length: > 0 } conversationId)
            return TypedResults.BadRequest("Feedback needs value.actionValue.reaction ('like' or 'dislike') and conversation.id.");
        await feedback.SaveAsync("teams:" + conversationId, activity.ReplyToId, reaction, text is { Length: > 4000 } ? text[..4000] : text, activity.From?.Id, cancellationToken);
        logger.LogInformation("Teams feedback stored: {Reaction}", reaction);
        return TypedResults.Ok(new { });
    }

    private static string? FeedbackText(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("feedbackText", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : json;
        }
        catch (JsonException) { return json; }
    }

    private async Task<string?> SendAsync(Activity inbound, OutgoingActivity outgoing, CancellationToken cancellationToken, bool asReply = true) =>
        await connector.SendAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, asReply ? inbound.Id : null, outgoing, cancellationToken);

    /// <summary>The message text without the bot's own @mention(s), markup and surrounding blanks.</summary>
    public static string QuestionText(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var e in activity.Entities ?? [])
        {
            // An entity of any other shape (a number for a type, a string for "mentioned", ...) is ignored, never fatal.
            if (StringProperty(e, "type") != "mention") continue;
            var mentioned = e.TryGetProperty("mentioned", out var m) ? StringProperty(m, "id") : null;
            if (mentioned is null || mentioned != botId) continue;
            if (StringProperty(e, "text") is { Length: > 0 } mentionText)
                text = text.Replace(mentionText, " ", StringComparison.Ordinal);
        }
        // A mention of the bot that the entities did not spell out exactly (e.g. with attributes on the tag).
        if (activity.Recipient?.Name is { Length: > 0 } name)
            text = Regex.Replace(text, @"<at[^>]*>\s*" + Regex.Escape(name) + @"\s*</at>", " ", RegexOptions.IgnoreCase);
        text = WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
        return Whitespace().Replace(text, " ").Trim();
    }

    /// <summary>The string value of <paramref name="name"/> when <paramref name="element"/> is an object holding a string there; otherwise null.</summary>
    internal static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
