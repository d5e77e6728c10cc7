namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// Settings of the Slack channel. Section <c>ReportBot:Slack</c>. The two secrets (<see cref="SigningSecret"/>,
/// <see cref="BotToken"/>) come only from the environment (<c>ReportBot__Slack__SigningSecret</c>,
/// <c>ReportBot__Slack__BotToken</c>) or user secrets, and are never logged.
/// </summary>
public sealed class SlackOptions
{
    public const string SectionName = "ReportBot:Slack";

    /// <summary>Maps <c>POST /api/slack/events</c> and <c>/api/slack/commands</c> and runs the answer queue. Default true
    /// (without a signing secret the endpoints answer 503, so an unconfigured bot accepts nothing).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Base URL of Slack's Web API. Default <c>https://slack.com/api/</c> (tests point it at a stand-in).</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>
    /// Where a slash command's <c>response_url</c> may point: URL prefixes (scheme, host, port and path start). Default
    /// Slack's own hosts, <c>https://hooks.slack.com/</c> and <c>https://hooks.slack-gov.com/</c>; a command with any other
    /// response URL is refused (400), so a signed request can never make the bot post elsewhere. Tests add their stand-in.
    /// </summary>
    public string[] ResponseUrlPrefixes { get; set; } = ["https://hooks.slack.com/", "https://hooks.slack-gov.com/"];

    /// <summary>True when <paramref name="url"/> is under one of <see cref="ResponseUrlPrefixes"/> (and carries no user info).</summary>
    public bool IsAllowedResponseUrl(Uri url) =>
        url.IsAbsoluteUri && url.UserInfo.Length == 0 && ResponseUrlPrefixes.Any(p =>
            Uri.TryCreate(p, UriKind.Absolute, out var prefix)
            && string.Equals(prefix.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(prefix.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
            && prefix.Port == url.Port
            && url.AbsolutePath.StartsWith(prefix.AbsolutePath, StringComparison.Ordinal));

    /// <summary>Name of the slash command, as configured in the Slack app. Default <c>/reportbot</c>.</summary>
    public string SlashCommand { get; set; } = "/reportbot";

    /// <summary>Questions waiting to be answered, kept on disk (<c>{DataPath}/queue.db</c>, settings in <c>ReportBot:Queue</c>);
    /// when the queue is full the bot replies that it is busy. Default 64.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Questions answered at the same time. Default 2.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>The bot's own user id (<c>U…</c>); optional: the events' <c>authorizations</c> name it too. Its messages are ignored.</summary>
    public string? BotUserId { get; set; }

    /// <summary>Requests whose timestamp is further than this from now are rejected, and the signatures of accepted requests
    /// are remembered this long, so the same signed request is never accepted twice (replay protection). Default 300 s, as Slack advises.</summary>
    public int MaxRequestAgeSeconds { get; set; } = 300;

    /// <summary>Retries of a Web API call after HTTP 429 (honouring <c>Retry-After</c>), 5xx or a network error. Default 3.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>Streams answers written by a chat model into their thread (mentions and direct messages) with Slack's
    /// streaming methods (<c>chat.startStream</c>, <c>chat.appendStream</c>, <c>chat.stopStream</c>); the finished message is
    /// then replaced (<c>chat.update</c>) by the checked answer in Block Kit. If Slack refuses the stream, the answer is
    /// posted as one message. Slash commands and model-free answers are always one message. Default true.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>Least time between two calls of a streamed answer; the model's pieces written in between are appended
    /// together. Default 1000 ms.</summary>
    public int StreamIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Per-attempt timeout of a Web API call. Default 10 s.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>App signing secret (Basic Information → App Credentials). Environment or user secrets only.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Bot user OAuth token (<c>xoxb-…</c>), sent as bearer on Web API calls. Environment or user secrets only.</summary>
    public string? BotToken { get; set; }

    /// <summary>Redacts the secrets, so an options dump never shows them.</summary>
    public override string ToString() =>
        $"SlackOptions {{ Enabled = {Enabled}, ApiBaseUrl = {ApiBaseUrl}, SlashCommand = {SlashCommand}, QueueCapacity = {QueueCapacity}, " +
        $"Workers = {Workers}, Streaming = {Streaming}, SigningSecret = {(string.IsNullOrEmpty(SigningSecret) ? "(none)" : "***")}, BotToken = {(string.IsNullOrEmpty(BotToken) ? "(none)" : "***")} }}";
}
