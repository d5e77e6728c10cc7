namespace ReportBot.Server.Channels.Teams;

/// <summary>Which kind of Microsoft Entra app registration the bot uses (the Azure Bot resource's "type of app").</summary>
public enum TeamsAppType
{
    /// <summary>Multi-tenant app: outbound tokens come from the <c>botframework.com</c> tenant.</summary>
    MultiTenant,

    /// <summary>Single-tenant app: outbound tokens come from <see cref="TeamsOptions.TenantId"/>, and tokens issued by that tenant are accepted too.</summary>
    SingleTenant,
}

/// <summary>
/// Settings of the Microsoft Teams channel (Bot Framework protocol). Section <c>ReportBot:Teams</c>. The client secret is read
/// only from the environment (<c>ReportBot__Teams__ClientSecret</c>) or user secrets, never from appsettings.json.
/// The endpoints have the public Bot Framework / Entra defaults; they are settings so tests can point them at loopback.
/// </summary>
public sealed class TeamsOptions
{
    public const string SectionName = "ReportBot:Teams";

    /// <summary>Multi-tenant or single-tenant app registration. Default <see cref="TeamsAppType.MultiTenant"/>.</summary>
    public TeamsAppType AppType { get; set; } = TeamsAppType.MultiTenant;

    /// <summary>The Microsoft App ID (Entra application/client id) of the Azure Bot. None = anonymous mode: requests
    /// without a token are accepted and only loopback service URLs are ever called (local testing with the Agents Playground).</summary>
    public string? AppId { get; set; }

    /// <summary>Directory (tenant) id; required for single-tenant apps.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app's client secret (environment or user secrets only).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OpenID metadata of the Bot Framework channel service (its <c>jwks_uri</c> holds the signing keys with their endorsements).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Issuer of tokens from the Bot Framework channel service.</summary>
    public string BotFrameworkIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>OpenID metadata of the tenant (single-tenant only); <c>{tenant}</c> is replaced by <see cref="TenantId"/>.</summary>
    public string TenantOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>Issuers accepted for tenant-issued tokens (single-tenant only); <c>{tenant}</c> is replaced by <see cref="TenantId"/>.</summary>
    public List<string> TenantIssuers { get; set; } = ["https://login.microsoftonline.com/{tenant}/v2.0", "https://sts.windows.net/{tenant}/"];

    /// <summary>Entra token endpoint for the bot's outbound calls; <c>{tenant}</c> is the tenant id (single-tenant) or <c>botframework.com</c> (multi-tenant).</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    /// <summary>Scope asked for in the client-credentials request.</summary>
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Tolerated clock difference when checking a token's lifetime. Default 300 s (as the Bot Framework).</summary>
    public int ClockSkewSeconds { get; set; } = 300;

    /// <summary>Signing keys are re-fetched after this long. Default 24 h.</summary>
    public int KeyCacheHours { get; set; } = 24;

    /// <summary>A token with an unknown key id re-fetches the keys at most this often. Default 60 s.</summary>
    public int KeyRefreshMinSeconds { get; set; } = 60;

    /// <summary>A failed fetch of the signing keys is not tried again for this long (seconds), as the SDK does. Default 30.</summary>
    public int KeyFailureCacheSeconds { get; set; } = 30;

    /// <summary>Longest a request waits for a fetch of the signing keys, in seconds (the fetch goes on for the next requests). Default 5.</summary>
    public double KeyWaitSeconds { get; set; } = 5;

    /// <summary>Outbound token is renewed this long before it expires. Default 300 s.</summary>
    public int TokenRenewBeforeSeconds { get; set; } = 300;

    /// <summary>Per-attempt timeout of calls to the connector and the token endpoint. Default 10 s.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of a connector call on 429 / 5xx / network errors (honouring Retry-After). Default 3.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>Activities (messages, welcomes) waiting to be answered, kept on disk (<c>{DataPath}/queue.db</c>, settings in
    /// <c>ReportBot:Queue</c>). When the queue is full <c>/api/messages</c> answers 503 with <c>Retry-After</c>, so the channel
    /// delivers the activity again. Default 64.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Activities answered at the same time. Default 2.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Streams answers in personal (1:1) chats, where Teams allows it: an informative update at once ("Searching the
    /// reports…"), then, when a chat model writes the answer, the draft as it grows, then the final message with the checked
    /// answer, its citations and card. Group chats and channels always get one message. Default true.</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>Least time between two updates of a streamed reply; the model's pieces written in between are sent
    /// together. Teams accepts about one update per second. Default 1000 ms.</summary>
    public int StreamIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Most Teams citations in one reply (Teams shows at most 20). Default 20.</summary>
    public int MaxCitations { get; set; } = 20;

    /// <summary>Largest accepted request body in bytes. Default 256 KiB.</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Name of the bot in the welcome message and the app package. Default "ReportBot".</summary>
    public string BotName { get; set; } = "ReportBot";

    /// <summary>Three sample questions for the welcome message and the app package's command list.</summary>
    public List<string> SampleQuestions { get; set; } = [];

    internal bool IsAnonymous => string.IsNullOrWhiteSpace(AppId);

    internal string Tenanted(string template) =>
        template.Replace("{tenant}", AppType == TeamsAppType.SingleTenant ? TenantId : "botframework.com", StringComparison.Ordinal);
}
