using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ReportBot.Server.Channels.Teams;

/// <summary>Outcome of checking an inbound request.</summary>
/// <param name="Succeeded">True when the request may be processed.</param>
/// <param name="Anonymous">True in anonymous mode (no app id configured).</param>
/// <param name="Failure">Why it was refused (for the log; never the token).</param>
public sealed record AuthenticationOutcome(bool Succeeded, bool Anonymous, string? Failure)
{
    internal static AuthenticationOutcome Fail(string reason) => new(false, false, reason);
}

/// <summary>
/// Validates the bearer token of an inbound Bot Framework request as the Bot Framework SDK does: the signing key comes
/// from the issuer's OpenID metadata (cached, re-fetched on an unknown key id), the issuer is the Bot Framework (or, for a
/// single-tenant app, the app's tenant), the audience is the app id, the lifetime is checked with clock skew, the key must
/// endorse the activity's channel, and the token's <c>serviceurl</c> claim must be the activity's service URL.
/// </summary>
public sealed class BotFrameworkAuthenticator
{
    private readonly TeamsOptions _options;
    private readonly OpenIdKeySource _botFrameworkKeys;
    private readonly OpenIdKeySource? _tenantKeys;
    private readonly HashSet<string> _tenantIssuers;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public BotFrameworkAuthenticator(IOptions<TeamsOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<BotFrameworkAuthenticator> logger)
    {
        _options = options.Value;
        _botFrameworkKeys = new OpenIdKeySource(_options.OpenIdMetadataUrl, _options, http, time, logger);
        if (_options.AppType == TeamsAppType.SingleTenant && !string.IsNullOrWhiteSpace(_options.TenantId))
        {
            _tenantKeys = new OpenIdKeySource(_options.Tenanted(_options.TenantOpenIdMetadataUrl), _options, http, time, logger);
            _tenantIssuers = _options.TenantIssuers.Select(_options.Tenanted).ToHashSet(StringComparer.Ordinal);
        }
        else
        {
            _tenantIssuers = [];
        }
    }

    /// <summary>True when no app id is configured: requests without a token are accepted.</summary>
    public bool IsAnonymous => _options.IsAnonymous;

    /// <summary>Checks the <c>Authorization</c> header against <paramref name="activity"/>.</summary>
    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        if (IsAnonymous)
        {
            // As the Bot Framework does with authentication disabled; replies then only ever go to loopback.
            return TrustedServiceUrls.IsLoopback(activity.ServiceUrl)
                ? new AuthenticationOutcome(true, true, null)
                : AuthenticationOutcome.Fail("anonymous requests are accepted only with a loopback serviceUrl");
        }
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticationOutcome.Fail("no bearer token");
        var token = authorization["Bearer ".Length..].Trim();

        JsonWebToken jwt;
        try { jwt = _handler.ReadJsonWebToken(token); }
        catch (ArgumentException) { return AuthenticationOutcome.Fail("malformed token"); }
        if (jwt.Alg != SecurityAlgorithms.RsaSha256) return AuthenticationOutcome.Fail($"algorithm {jwt.Alg} is not accepted");
        if (string.IsNullOrEmpty(jwt.Kid)) return AuthenticationOutcome.Fail("token has no key id");

        var source = jwt.Issuer == _options.BotFrameworkIssuer ? _botFrameworkKeys
            : _tenantKeys is not null && _tenantIssuers.Contains(jwt.Issuer) ? _tenantKeys
            : null;
        if (source is null) return AuthenticationOutcome.Fail("issuer is not accepted");

        SigningKey? key;
        try { key = await source.FindAsync(jwt.Kid, cancellationToken); }
        catch (Exception e) when (e is HttpRequestException or JsonException or ArgumentException or InvalidOperationException)
        {
            return AuthenticationOutcome.Fail($"signing keys unavailable ({e.GetType().Name})");
        }
        if (key is null) return AuthenticationOutcome.Fail("unknown signing key");
        if (key.Endorsements is { } endorsements && !string.IsNullOrWhiteSpace(activity.ChannelId) && !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
            return AuthenticationOutcome.Fail($"signing key does not endorse channel '{activity.ChannelId}'");

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = [_options.BotFrameworkIssuer, .. _tenantIssuers],
            ValidAudience = _options.AppId,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(_options.ClockSkewSeconds),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return AuthenticationOutcome.Fail(result.Exception?.GetType().Name ?? "invalid token");

        var claimed = result.Claims.TryGetValue("serviceurl", out var s) ? s as string : null;
        if (claimed is null || !TrustedServiceUrls.SameUrl(claimed, activity.ServiceUrl))
            return AuthenticationOutcome.Fail("serviceurl claim does not match the activity");
        return new AuthenticationOutcome(true, false, null);
    }
}

/// <summary>A signing key and the channels it endorses (null = no endorsement list).</summary>
public sealed record SigningKey(SecurityKey Key, IReadOnlyList<string>? Endorsements);

/// <summary>
/// The signing keys named by one OpenID metadata document, kept as the Bot Framework SDK keeps them (its
/// <c>ConfigurationManager</c>): cached for <see cref="TeamsOptions.KeyCacheHours"/> and re-fetched when a token names an
/// unknown key (at most every <see cref="TeamsOptions.KeyRefreshMinSeconds"/>); one fetch at a time, which every request
/// that needs it shares; a request waits for it at most <see cref="TeamsOptions.KeyWaitSeconds"/>; a failed fetch is
/// remembered for <see cref="TeamsOptions.KeyFailureCacheSeconds"/> (no fetch per forged token while the metadata is
/// down); and the last keys fetched are used beyond their lifetime while the metadata cannot be reached.
/// </summary>
internal sealed class OpenIdKeySource(string metadataUrl, TeamsOptions options, IHttpClientFactory http, TimeProvider time, ILogger logger)
{
    private readonly Lock _lock = new();
    private volatile Dictionary<string, SigningKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private Task? _fetch;

    public async Task<SigningKey?> FindAsync(string kid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = _keys;
        var fresh = now - _fetchedAt < TimeSpan.FromHours(options.KeyCacheHours);
        if (fresh && keys.TryGetValue(kid, out var known)) return known;
        // Expired, or an unknown key id (the keys may have rolled over): fetch, unless one just happened or just failed.
        var mayFetch = (!fresh || now - _fetchedAt >= TimeSpan.FromSeconds(options.KeyRefreshMinSeconds))
                       && now - _failedAt >= TimeSpan.FromSeconds(options.KeyFailureCacheSeconds);
        if (mayFetch)
        {
            try { await SharedFetch().WaitAsync(TimeSpan.FromSeconds(Math.Max(0.1, options.KeyWaitSeconds)), cancellationToken); }
            catch (TimeoutException) { logger.LogWarning("Signing keys from {Metadata}: still fetching after {Seconds} s; using the keys known", metadataUrl, options.KeyWaitSeconds); }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException or KeyNotFoundException or ArgumentException)
            {
                // Logged and remembered by the fetch; the last known keys (if any) still serve.
            }
        }
        keys = _keys;
        if (keys.TryGetValue(kid, out var key)) return key;
        if (keys.Count == 0) throw new InvalidOperationException("No signing keys could be fetched.");
        return null;
    }

    /// <summary>The fetch in flight, or a new one: never more than one at a time, not tied to any one request's cancellation.</summary>
    private Task SharedFetch()
    {
        lock (_lock)
        {
            if (_fetch is { IsCompleted: false } running) return running;
            var fetch = Task.Run(async () =>
            {
                try
                {
                    await FetchAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException or KeyNotFoundException or ArgumentException)
                {
                    _failedAt = time.GetUtcNow();
                    logger.LogWarning("Fetching signing keys from {Metadata} failed ({Reason}); {Known} known keys kept, next try in {Seconds} s",
                        metadataUrl, e.GetType().Name, _keys.Count, options.KeyFailureCacheSeconds);
                    throw;
                }
            });
            // Observed here, so a fetch no request waits for to the end never goes unobserved.
            _ = fetch.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            _fetch = fetch;
            return fetch;
        }
    }

    private async Task FetchAsync(CancellationToken cancellationToken)
    {
        var client = http.CreateClient(TeamsChannel.AuthClient);
        using var metadata = JsonDocument.Parse(await client.GetStringAsync(metadataUrl, cancellationToken));
        var jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString()! : throw new InvalidOperationException("OpenID metadata has no jwks_uri.");
        var jwks = await client.GetStringAsync(jwksUri, cancellationToken);
        using var doc = JsonDocument.Parse(jwks);
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var k in doc.RootElement.GetProperty("keys").EnumerateArray())
        {
            var key = new JsonWebKey(k.GetRawText());
            if (string.IsNullOrEmpty(key.Kid)) continue;
            List<string>? endorsements = null;
            if (k.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array)
                endorsements = e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList();
            keys[key.Kid] = new SigningKey(key, endorsements);
        }
        _keys = keys;
        _fetchedAt = time.GetUtcNow();
        _failedAt = DateTimeOffset.MinValue;
        logger.LogInformation("Fetched {Count} signing keys from {Metadata}", keys.Count, metadataUrl);
    }
}
