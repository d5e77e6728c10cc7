using System.ComponentModel.DataAnnotations;

namespace ReportBot.Server.Web;

/// <summary>The web surface: rate limits, CORS, body size and streaming pace. Section <c>ReportBot:Web</c>.</summary>
public sealed class WebOptions
{
    public const string SectionName = "ReportBot:Web";

    /// <summary>
    /// Chat requests (<c>/api/chat</c>, <c>/api/chat/stream</c>) one client IP may make per window. Generous by default
    /// (600) so the evaluation and benchmark tools are never throttled; 0 turns the limit off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int RateLimitPermits { get; set; } = 600;

    /// <summary>
    /// Read requests (the reports, the disagreement map, the page and its files, the OpenAPI document) one client IP may
    /// make per window. Default 1,200; 0 turns the limit off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ReadRateLimitPermits { get; set; } = 1200;

    /// <summary>
    /// Requests to the channel endpoints (<c>/api/messages</c>, <c>/api/slack/*</c>) one sender IP may make per window,
    /// counted before authentication. Teams and Slack send from pools of addresses, so the default (1,200) leaves their
    /// traffic alone and cuts off a flood from one address. 0 turns the limit off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ChannelRateLimitPermits { get; set; } = 1200;

    /// <summary>
    /// Requests one Teams conversation or one Slack workspace may make per window, counted after authentication (the
    /// right key for the channels, whose traffic comes from shared address pools). Default 300; 0 turns it off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ConversationRateLimitPermits { get; set; } = 300;

    /// <summary>Length of the rate-limit window in seconds. Default 60.</summary>
    [Range(1, 86_400)]
    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>Origins allowed to call the API from other sites (CORS). Empty (the default) = CORS off, same origin only.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest request body any endpoint accepts, in bytes (Kestrel's limit). Default 1 MiB; the chat endpoints accept 256 KiB.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Pause between the answer's <c>delta</c> events on <c>/api/chat/stream</c>, in milliseconds. The extractive answer is
    /// ready at once, so 0 (the default) sends it as fast as the connection allows; a few ms makes the page "type" it.
    /// </summary>
    [Range(0, 1000)]
    public int StreamDeltaDelayMilliseconds { get; set; }

    /// <summary>Questions the chat page offers to start with (they fit the configured corpus). Empty = none shown.</summary>
    public string[] SampleQuestions { get; set; } = [];
}
