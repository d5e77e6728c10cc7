using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Server.Channels.Teams;

/// <summary>The Microsoft Teams channel: registration and the Bot Framework endpoint <c>POST /api/messages</c>.</summary>
public static class TeamsChannel
{
    /// <summary>Named HTTP client for OpenID metadata, signing keys and the token endpoint.</summary>
    public const string AuthClient = "teams-auth";

    /// <summary>Named HTTP client for the connector (its timeout and retries come from the resilience pipeline).</summary>
    public const string ConnectorClient = "teams-connector";

    /// <summary>Named HttpClient for single-attempt connector calls (streamed reply updates): a timeout, no retry, no breaker.</summary>
    public const string ConnectorOnceClient = "teams-connector-once";

    /// <summary>Adds the Teams settings (validated at start) and services.</summary>
    public static WebApplicationBuilder AddTeamsChannel(this WebApplicationBuilder builder)
    {
        // The secret must never sit in a settings file that is committed.
        foreach (var provider in ((IConfigurationRoot)builder.Configuration).Providers.OfType<JsonConfigurationProvider>())
            if (provider.Source.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true
                && provider.TryGet(TeamsOptions.SectionName + ":ClientSecret", out var secret) && !string.IsNullOrEmpty(secret))
                throw new InvalidOperationException("ReportBot:Teams:ClientSecret must come from the environment or user secrets, not from " + provider.Source.Path + ".");

        builder.Services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.SectionName)
            .Validate(o => o.AppType != TeamsAppType.SingleTenant || o.IsAnonymous || !string.IsNullOrWhiteSpace(o.TenantId), "ReportBot:Teams:TenantId is required for a single-tenant app.")
            .Validate(o => Uri.TryCreate(o.OpenIdMetadataUrl, UriKind.Absolute, out _) && Uri.TryCreate(o.Tenanted(o.TokenEndpoint), UriKind.Absolute, out _), "ReportBot:Teams: OpenIdMetadataUrl and TokenEndpoint must be absolute URLs.")
            .Validate(o => o.MaxCitations is >= 0 and <= 20, "ReportBot:Teams:MaxCitations must be 0-20 (Teams shows at most 20).")
            .Validate(o => o.ClockSkewSeconds is >= 0 and <= 600 && o.KeyRefreshMinSeconds >= 0 && o.KeyCacheHours > 0, "ReportBot:Teams: invalid key cache or clock skew settings.")
            .Validate(o => o.QueueCapacity is >= 1 and <= 10_000, "ReportBot:Teams:QueueCapacity must be 1-10000.")
            .Validate(o => o.Workers is >= 1 and <= 16, "ReportBot:Teams:Workers must be 1-16.")
            .Validate(o => o.StreamIntervalMilliseconds is >= 50 and <= 60_000, "ReportBot:Teams:StreamIntervalMilliseconds must be 50-60000.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(AuthClient, (sp, c) => c.Timeout = TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<IOptions<TeamsOptions>>().Value.TimeoutSeconds)));
        // One resilience pipeline (retry, circuit breaker, attempt timeout) per service host: each host has its own breaker.
        builder.Services.AddTransient<ConnectorAuthHandler>();
        builder.Services.AddHttpClient(ConnectorClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(ConnectorClient, (pipeline, context) => HttpResilience.Configure(pipeline,
                Teams.ConnectorClient.Limits(context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<Teams.ConnectorClient>()))
            .SelectPipelineByAuthority();
        builder.Services.AddHttpClient(ConnectorClient).AddHttpMessageHandler<ConnectorAuthHandler>();
        builder.Services.AddHttpClient(ConnectorOnceClient, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(ConnectorOnceClient, (pipeline, context) =>
                pipeline.AddTimeout(Teams.ConnectorClient.AttemptTimeout(context.ServiceProvider.GetRequiredService<IOptions<TeamsOptions>>().Value)));
        builder.Services.AddHttpClient(ConnectorOnceClient).AddHttpMessageHandler<ConnectorAuthHandler>();
        builder.Services.AddSingleton<BotFrameworkAuthenticator>();
        builder.Services.AddSingleton<TrustedServiceUrls>();
        builder.Services.AddSingleton<EntraTokenProvider>();
        builder.Services.AddSingleton<Teams.ConnectorClient>();
        builder.Services.AddSingleton<TeamsReplyBuilder>();
        builder.Services.AddSingleton<TeamsFeedbackStore>();
        builder.Services.AddSingleton<TeamsBot>();
        builder.Services.AddSingleton<TeamsActivityQueue>();
        builder.Services.AddSingleton<TeamsActivityWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TeamsActivityWorker>());
        return builder;
    }

    /// <summary>Maps <c>POST /api/messages</c> and says at start-up whether requests are authenticated.</summary>
    public static WebApplication MapTeamsApi(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.Teams");
        if (options.IsAnonymous)
            logger.LogWarning("Teams: no app id configured (ReportBot:Teams:AppId): /api/messages accepts anonymous requests and replies only to loopback service URLs. For local testing only.");
        else
            logger.LogInformation("Teams: /api/messages validates Bot Framework tokens for app {AppId} ({AppType})", options.AppId, options.AppType);

        app.MapPost("/api/messages", MessagesAsync)
            .WithName("TeamsMessages")
            .WithSummary("Bot Framework endpoint for Microsoft Teams: receives Activities, acknowledges them at once and replies through the connector.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(options.MaxBodyBytes))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Seconds a channel is asked to wait (<c>Retry-After</c>) when the queue is full.</summary>
    public const int BusyRetryAfterSeconds = 5;

    internal static async Task<IResult> MessagesAsync(HttpRequest http, BotFrameworkAuthenticator authenticator, TrustedServiceUrls trusted, TeamsBot bot,
        TeamsActivityQueue queue, ConversationRateLimiter limits, ILogger<TeamsBot> logger, CancellationToken cancellationToken)
    {
        var authorization = http.Headers.Authorization.Count > 0 ? http.Headers.Authorization.ToString() : null;
        // Without a token nothing is read when authentication is on.
        if (!authenticator.IsAnonymous && authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) != true)
            return Unauthorized(http, logger, "no bearer token");

        // Anonymous mode is for a local emulator or playground: it serves loopback callers only.
        if (authenticator.IsAnonymous && http.HttpContext.Connection.RemoteIpAddress is { } caller && !System.Net.IPAddress.IsLoopback(caller))
            return Unauthorized(http, logger, "anonymous mode serves loopback callers only");

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException e) { return TypedResults.Problem(title: "Request rejected", detail: e.Message, statusCode: e.StatusCode); }
        // JSON strings are checked only when read, so invalid UTF-8 inside one would fail later (an invoke's value): refuse it here.
        if (!System.Text.Unicode.Utf8.IsValid(body))
            return TypedResults.Problem(title: "Malformed activity", detail: "The body is not valid UTF-8.", statusCode: 400);
        Activity? activity;
        try { activity = JsonSerializer.Deserialize<Activity>(body, ActivityJson.Options); }
        catch (JsonException) { return TypedResults.Problem(title: "Malformed activity", detail: "The body is not a valid Bot Framework Activity (JSON).", statusCode: 400); }
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
            return TypedResults.Problem(title: "Malformed activity", detail: "The activity needs a 'type'.", statusCode: 400);

        var outcome = await authenticator.AuthenticateAsync(authorization, activity, cancellationToken);
        if (!outcome.Succeeded) return Unauthorized(http, logger, outcome.Failure);
        if (!outcome.Anonymous) trusted.Trust(activity.ServiceUrl!);
        if (TeamsBot.Invalid(activity) is { } invalid)
            return TypedResults.Problem(title: "Malformed activity", detail: invalid, statusCode: 400);
        // Once authenticated, the limit of its conversation (the right key: Teams sends from a shared pool of addresses).
        if (limits.Check(http.HttpContext, "teams:" + (activity.Conversation?.Id ?? "unknown")) is { } tooMany) return tooMany;

        // Messages and welcomes are answered in the background: the acknowledgement never waits for the answer or the
        // connector (which may be throttling). A full (or closed) queue is said, not hidden: the channel delivers the
        // activity again.
        if (TeamsBot.IsAnsweredLater(activity))
        {
            try
            {
                // 200 only once the activity is on disk: acknowledged means it is answered, even after a crash.
                if (await queue.TryEnqueueAsync(activity, authenticated: !outcome.Anonymous, cancellationToken)) return TypedResults.Ok();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return TypedResults.StatusCode(499);
            }
            logger.LogWarning("Teams: {Reason}; a {Type} activity was refused with 503", queue.Queue.IsClosed ? "the bot is stopping" : "the queue is full", LogValue.Escape(activity.Type));
            http.HttpContext.Response.Headers.RetryAfter = BusyRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "The bot is busy", detail: "Too many activities are waiting to be answered; send this one again later.", statusCode: 503);
        }

        try
        {
            return await bot.HandleAsync(activity, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return TypedResults.StatusCode(499);
        }
        catch (Exception e)
        {
            // Nothing an activity brings may take the endpoint down: log it and tell the channel.
            logger.LogError(e, "Teams: handling a {Type} activity failed", LogValue.Escape(activity.Type));
            return TypedResults.Problem(title: "The activity could not be handled", statusCode: 500);
        }
    }

    private static IResult Unauthorized(HttpRequest http, ILogger logger, string? reason)
    {
        logger.LogWarning("Teams: refused an unauthenticated request ({Reason})", LogValue.Escape(reason));
        http.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Unauthorized();
    }
}
