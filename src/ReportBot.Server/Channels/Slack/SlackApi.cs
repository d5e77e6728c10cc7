using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// The Slack endpoints: the Events API (<c>POST /api/slack/events</c>) and the slash command (<c>POST /api/slack/commands</c>;
/// the events URL takes slash commands too). Every request is verified before anything else; questions are acknowledged
/// at once, once stored in <see cref="SlackAnswerQueue"/>, and answered from there.
/// </summary>
public static partial class SlackApi
{
    /// <summary>Largest accepted request body (bytes); Slack's event payloads are far smaller.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    /// <summary>The immediate reply to a slash command.</summary>
    public const string LookingText = "Looking through the reports...";

    public static IEndpointRouteBuilder MapSlackApi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.Enabled) return app;
        var group = app.MapGroup("/api/slack").WithTags("Slack");
        group.MapPost("/events", HandleAsync).WithName("SlackEvents")
            .WithSummary("Slack Events API (url_verification, app_mention, direct messages) and slash commands; signed requests only.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        group.MapPost("/commands", HandleAsync).WithName("SlackCommands")
            .WithSummary("Slack slash command; signed requests only. Acknowledges at once, answers through response_url.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    internal static async Task<IResult> HandleAsync(HttpContext http, IOptions<SlackOptions> options, TimeProvider time, SlackEventDeduplicator dedup,
        SlackReplayGuard replays, SlackAnswerQueue queue, SlackAnswerWorker worker, IHostApplicationLifetime lifetime, ILoggerFactory loggers,
        ConversationRateLimiter limits, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var logger = loggers.CreateLogger("ReportBot.Slack");
        if (string.IsNullOrEmpty(o.SigningSecret))
            return TypedResults.Problem(title: "Slack is not configured", detail: "Set ReportBot__Slack__SigningSecret (and ReportBot__Slack__BotToken) in the environment.", statusCode: 503);

        // 1. Verify the raw body, exactly as received, before reading anything in it.
        var body = await ReadBodyAsync(http, cancellationToken);
        if (body is null) return TypedResults.Problem(title: "Request body too large", statusCode: 413);
        string timestamp = http.Request.Headers[SlackSignature.TimestampHeader].ToString(), signature = http.Request.Headers[SlackSignature.SignatureHeader].ToString();
        var maxAge = TimeSpan.FromSeconds(o.MaxRequestAgeSeconds);
        var check = SlackSignature.Verify(o.SigningSecret, timestamp, signature, body, time.GetUtcNow(), maxAge);
        if (check != SlackSignatureCheck.Valid)
        {
            logger.LogWarning("Rejected a Slack request: {Reason}", check);
            return TypedResults.Problem(title: "Invalid Slack signature", detail: "The request is not signed with this app's signing secret, or is too old.", statusCode: 401);
        }

        // 2. A signed request is accepted once: the same (timestamp, signature) again within the window is a replay.
        //    Slack's own event retries (X-Slack-Retry-Num) pass, as they did: their event_id answers them once. The header
        //    is not signed, so it never lets a slash command through (Slack does not retry those, and they have no id).
        var contentType = http.Request.ContentType ?? "";
        var isCommand = contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        var isRetry = http.Request.Headers.ContainsKey("X-Slack-Retry-Num");
        if ((isCommand || !isRetry) && !replays.TryClaim(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), signature, maxAge))
        {
            logger.LogWarning("Rejected a Slack request: replayed (its timestamp and signature were already accepted)");
            return TypedResults.Problem(title: "Replayed Slack request", detail: "This exact signed request was already received; it is not processed again.", statusCode: 401);
        }

        // Once signed, the limit of its workspace (the right key: Slack sends from a shared pool of addresses).
        if (limits.Check(http, "slack:" + (TeamOf(body, isCommand) ?? "unknown")) is { } tooMany) return tooMany;

        // 3. Then parse it.
        if (isCommand)
            return await CommandAsync(body, o, queue, logger, cancellationToken);
        if (!http.Request.HasJsonContentType())
            return TypedResults.Problem(title: "Unsupported content type", detail: "Slack sends JSON events and form-encoded slash commands.", statusCode: 415);

        // JsonDocument does not check the UTF-8 inside strings until they are read; reject it here, not with a 500 later.
        if (!System.Text.Unicode.Utf8.IsValid(body)) return Bad("The body is not valid UTF-8.");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException) { return Bad("The body is not valid JSON."); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Bad("The body must be a JSON object.");
            switch (Str(root, "type"))
            {
                case "url_verification":
                    return Str(root, "challenge") is { } challenge ? TypedResults.Ok(new { challenge }) : Bad("url_verification needs a 'challenge'.");
                case "event_callback":
                    break;
                case null:
                    return Bad("The body needs a 'type'.");
                default:
                    // app_rate_limited and envelope types added later: acknowledged, nothing to do.
                    logger.LogInformation("Ignored a Slack request of type {Type}", LogValue.Escape(Str(root, "type")));
                    return TypedResults.Ok();
            }
            if (!root.TryGetProperty("event", out var ev) || ev.ValueKind != JsonValueKind.Object) return Bad("event_callback needs an 'event' object.");
            var eventId = Str(root, "event_id");
            var retry = http.Request.Headers["X-Slack-Retry-Num"].ToString();
            if (eventId is not null && !dedup.TryClaim(eventId))
            {
                logger.LogInformation("Ignored Slack event {EventId}: already received (retry {Retry})", LogValue.Escape(eventId), LogValue.Escape(retry.Length > 0 ? retry : "none"));
                return TypedResults.Ok();
            }
            var question = ToQuestion(root, ev, o);
            if (question is null) return TypedResults.Ok();
            // 200 only once the question is on disk: acknowledged means it is answered, even after a crash.
            if (!await queue.TryEnqueueAsync(question, cancellationToken))
            {
                logger.LogWarning("Slack queue is full (or the bot is stopping); told {Channel} the bot is busy", LogValue.Escape(question.ChannelId));
                _ = Task.Run(() => worker.ReplyBusyAsync(question, lifetime.ApplicationStopping), CancellationToken.None);
            }
            return TypedResults.Ok();
        }
    }

    /// <summary>A slash command: checked, queued, acknowledged at once (the answer goes to its response_url).</summary>
    private static async Task<IResult> CommandAsync(byte[] body, SlackOptions o, SlackAnswerQueue queue, ILogger logger, CancellationToken cancellationToken)
    {
        var form = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
        var command = Field("command");
        if (command is null) return Bad("A form body must be a slash command (with 'command').");
        if (!string.Equals(command.TrimStart('/'), o.SlashCommand.TrimStart('/'), StringComparison.OrdinalIgnoreCase))
        {
            logger.LogInformation("Ignored unknown slash command {Command}", LogValue.Escape(command));
            return Ephemeral($"I only answer {o.SlashCommand}.");
        }
        if (!Uri.TryCreate(Field("response_url"), UriKind.Absolute, out var responseUrl) || responseUrl.Scheme is not ("https" or "http"))
            return Bad("A slash command needs an absolute 'response_url'.");
        if (!o.IsAllowedResponseUrl(responseUrl))
        {
            logger.LogWarning("Refused a slash command whose response_url is not on Slack's hosts ({Host})", LogValue.Escape(responseUrl.Host));
            return Bad("The 'response_url' is not a Slack URL.");
        }
        var text = Field("text")?.Trim() ?? "";
        if (text.Length == 0) return Ephemeral($"Ask a question about the reports: {o.SlashCommand} what do the reports say about …?");
        var question = SlackQuestion.FromCommand(Field("team_id") ?? "unknown", Field("channel_id") ?? "unknown", Field("trigger_id") ?? Guid.NewGuid().ToString("N"),
            FromSlackText(text), responseUrl);
        if (!await queue.TryEnqueueAsync(question, cancellationToken))
        {
            logger.LogWarning("Slack queue is full (or the bot is stopping); told a slash command the bot is busy");
            return Ephemeral(SlackAnswerWorker.BusyText);
        }
        return Ephemeral(LookingText);
    }

    /// <summary>The question in an event the bot answers, or null for events it ignores.</summary>
    internal static SlackQuestion? ToQuestion(JsonElement envelope, JsonElement ev, SlackOptions o)
    {
        var type = Str(ev, "type");
        // Edits, deletions, joins, bot messages and the like all carry a subtype; bots carry bot_id.
        if (Str(ev, "subtype") is not null || ev.TryGetProperty("bot_id", out _) || ev.TryGetProperty("edited", out _)) return null;
        var user = Str(ev, "user");
        if (user is null || IsSelf(user, envelope, o)) return null;
        var answered = type switch
        {
            "app_mention" => true,
            "message" => Str(ev, "channel_type") == "im",
            _ => false,
        };
        if (!answered) return null;
        var channel = Str(ev, "channel");
        var ts = Str(ev, "ts");
        if (channel is null || ts is null) return null;
        var team = Str(envelope, "team_id") ?? Str(ev, "team") ?? "unknown";
        return SlackQuestion.InThread(team, channel, Str(ev, "thread_ts") ?? ts, FromSlackText(Str(ev, "text") ?? "")) with
        {
            UserId = user,
            UserTeamId = Str(ev, "user_team") ?? Str(ev, "team") ?? team,
        };
    }

    private static bool IsSelf(string user, JsonElement envelope, SlackOptions o)
    {
        if (o.BotUserId is { Length: > 0 } bot && string.Equals(bot, user, StringComparison.Ordinal)) return true;
        if (envelope.TryGetProperty("authorizations", out var auths) && auths.ValueKind == JsonValueKind.Array)
            foreach (var a in auths.EnumerateArray())
                if (a.ValueKind == JsonValueKind.Object && Str(a, "user_id") == user && a.TryGetProperty("is_bot", out var isBot) && isBot.ValueKind == JsonValueKind.True)
                    return true;
        return false;
    }

    /// <summary>Slack message text to plain text: mentions removed, links and channels to their labels, entities decoded.</summary>
    internal static string FromSlackText(string text)
    {
        var s = UserMention().Replace(text, " ");
        s = LabelledLink().Replace(s, "$2");
        s = BareLink().Replace(s, "$1");
        s = s.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
        return Whitespace().Replace(s, " ").Trim();
    }

    /// <summary>The workspace a signed request comes from: <c>team_id</c> of a slash command's form or an event's envelope.</summary>
    private static string? TeamOf(byte[] body, bool isCommand)
    {
        try
        {
            if (isCommand)
                return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body)).TryGetValue("team_id", out var team) ? team.ToString() : null;
            using var doc = System.Text.Json.JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("team_id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null; // not JSON, or invalid UTF-8 inside a string: parsed (and refused) below
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        http.Request.EnableBuffering();
        if (http.Request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        http.Request.Body.Position = 0;
        return buffer.ToArray();
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IResult Ephemeral(string text) => TypedResults.Ok(new { response_type = "ephemeral", text });

    private static IResult Bad(string detail) => TypedResults.Problem(title: "Bad Slack request", detail: detail, statusCode: 400);

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>")]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<([^<>|]+)\|([^<>]+)>")]
    private static partial Regex LabelledLink();

    [GeneratedRegex(@"<((?:https?|mailto):[^<>]+)>")]
    private static partial Regex BareLink();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
