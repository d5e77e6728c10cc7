using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ReportBot.Server.Web;

/// <summary>The web surface around the API: the chat page, security headers, CORS, rate limits and body size limits.</summary>
public static class WebExtensions
{
    /// <summary>Name of the CORS policy built from <see cref="WebOptions.CorsOrigins"/>.</summary>
    public const string CorsPolicy = "ReportBot";

    public static WebApplicationBuilder AddReportBotWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebConversationIds>();
        services.AddSingleton<ReportBot.Server.Apis.DisagreementMapCache>();
        services.AddSingleton<ReportBot.Server.Channels.ConversationRateLimiter>();

        // Options are read when the server starts, so tests and the environment can change them.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<WebOptions>>((kestrel, web) => kestrel.Limits.MaxRequestBodySize = web.Value.MaxRequestBodyBytes);

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WebOptions>>((cors, web) =>
            cors.AddPolicy(CorsPolicy, p => p.WithOrigins(web.Value.CorsOrigins).WithMethods("GET", "POST").WithHeaders("Content-Type").WithExposedHeaders("Retry-After")));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebOptions>>((limiter, web) =>
        {
            var o = web.Value;
            // Every public endpoint has a limit, each per sender address and with its own budget: chat (an answer costs a
            // retrieval), reads (the corpus, the disagreement map, the page), and the channels (Teams and Slack, checked
            // before authentication: a flood of forged requests from one address is cut off without touching the others).
            // Only the health probes are left alone.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (kind, permits) = Classify(context.Request, o);
                return kind is null || permits <= 0
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(kind + ":" + ClientKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = permits,
                        Window = TimeSpan.FromSeconds(o.RateLimitWindowSeconds),
                        QueueLimit = 0,
                    });
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    /// <summary>Security headers, CORS (only when origins are configured), rate limits and the static chat page.</summary>
    public static WebApplication UseReportBotWeb(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (app.Services.GetRequiredService<IOptions<WebOptions>>().Value.CorsOrigins.Length > 0) app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            // Revalidate every time (ETag), so a new version of the page is never hidden behind a cache.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }

    private static bool IsChat(HttpRequest request) => HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api/chat", StringComparison.OrdinalIgnoreCase);

    /// <summary>Which budget a request draws on: chat, channel, read, or none (the health probes).</summary>
    internal static (string? Kind, int Permits) Classify(HttpRequest request, WebOptions o)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)) return (null, 0);
        if (IsChat(request)) return ("chat", o.RateLimitPermits);
        if (path.StartsWithSegments("/api/messages", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/slack", StringComparison.OrdinalIgnoreCase))
            return ("channel", o.ChannelRateLimitPermits);
        return ("read", o.ReadRateLimitPermits);
    }

    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client has sent too many requests in a short time. Try again in {seconds} s.",
                Extensions = { ["retryAfterSeconds"] = seconds },
            },
        });
    }
}
