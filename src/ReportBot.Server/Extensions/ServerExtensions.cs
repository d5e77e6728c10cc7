using Microsoft.AspNetCore.Diagnostics;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Queues;
using ReportBot.Server.Apis;
using ReportBot.Server.Channels.Slack;
using ReportBot.Server.Channels.Teams;
using ReportBot.Server.Uploads;
using ReportBot.Server.Web;

namespace ReportBot.Server.Extensions;

/// <summary>Registration and endpoint mapping for the web host, in one place.</summary>
public static class ServerExtensions
{
    public static WebApplicationBuilder AddReportBotServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // The routing answers 415 itself for a body type an endpoint does not accept: say what it does accept.
            if (ctx.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && ctx.ProblemDetails.Detail is null)
                ctx.ProblemDetails.Detail = $"The body's Content-Type ('{ctx.HttpContext.Request.ContentType ?? "none"}') is not accepted here: send JSON with Content-Type: application/json" +
                    (ctx.HttpContext.Request.Path.StartsWithSegments("/api/reports") ? ", or a file as multipart/form-data." : ".");
        });
        builder.Services.AddExceptionHandler<UnavailableIndexHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddReportBot();
        builder.Services.AddWorkQueueOptions();
        builder.Services.AddSlackChannel();
        builder.AddTeamsChannel();
        builder.AddReportBotWeb();
        builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName)
            .Validate(o => !o.Enabled || o.ApiKey is { Length: >= 16 }, "ReportBot:Uploads:ApiKey must be set (at least 16 characters, from the environment: ReportBot__Uploads__ApiKey) when ReportBot:Uploads:Enabled is true.")
            .Validate(o => o.MaxBytes is >= 1024 and <= 100 * 1024 * 1024, "ReportBot:Uploads:MaxBytes must be between 1 KiB and 100 MiB.")
            .ValidateOnStart();
        builder.Services.AddSingleton<UploadTracker>();
        builder.Services.AddSingleton<SampleQuestions>();
        return builder;
    }

    public static WebApplication MapReportBotServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseReportBotWeb();
        app.MapOpenApi();
        app.MapChatApi();
        app.MapTeamsApi();
        app.MapSlackApi();
        app.MapStreamApi();
        app.MapReportsApi();
        app.MapUploadsApi();
        app.MapPageApi();
        app.MapHealthApi();
        app.MapDisagreementsApi();
        return app;
    }
}

/// <summary>Turns an unreachable index into 503 with Retry-After; the process stays up and recovers by itself.</summary>
internal sealed class UnavailableIndexHandler(IProblemDetailsService problems, ILogger<UnavailableIndexHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = { Status = bad.StatusCode, Title = "Bad request", Detail = bad.Message } });
        }
        if (exception is not IndexUnavailableException) return false;
        logger.LogWarning("Answering failed: the index is unavailable ({Message})", exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            ProblemDetails = { Status = 503, Title = "The report index is unavailable", Detail = "The search index cannot be reached right now. Try again in a few seconds." },
        });
    }
}
