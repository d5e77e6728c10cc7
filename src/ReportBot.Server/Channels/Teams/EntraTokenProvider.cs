using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// The bot's own access token for calls to the connector: Microsoft Entra client credentials (app id, secret, tenant),
/// cached until shortly before it expires. None in anonymous mode.
/// </summary>
public sealed class EntraTokenProvider(IOptions<TeamsOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<EntraTokenProvider> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt = DateTimeOffset.MinValue;

    /// <summary>A valid token, or null in anonymous mode.</summary>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.IsAnonymous) return null;
        if (_token is { } cached && time.GetUtcNow() < _renewAt) return cached;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && time.GetUtcNow() < _renewAt) return fresh;
            if (string.IsNullOrEmpty(o.ClientSecret))
                throw new InvalidOperationException("ReportBot:Teams:ClientSecret is not set (environment ReportBot__Teams__ClientSecret or user secrets).");
            var client = http.CreateClient(TeamsChannel.AuthClient);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = o.AppId!,
                ["client_secret"] = o.ClientSecret,
                ["scope"] = o.TokenScope,
            });
            using var response = await client.PostAsync(o.Tenanted(o.TokenEndpoint), form, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"The token endpoint answered {(int)response.StatusCode}.", null, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var token = doc.RootElement.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("No access_token in the token response.");
            var expiresIn = doc.RootElement.TryGetProperty("expires_in", out var e) ? (e.ValueKind == JsonValueKind.Number ? e.GetInt32() : int.Parse(e.GetString()!)) : 3600;
            var renewBefore = Math.Min(o.TokenRenewBeforeSeconds, expiresIn / 2);
            _token = token;
            _renewAt = time.GetUtcNow().AddSeconds(expiresIn - renewBefore);
            logger.LogInformation("Obtained a connector token valid for {Seconds} s", expiresIn);
            return token;
        }
        finally { _gate.Release(); }
    }
}
