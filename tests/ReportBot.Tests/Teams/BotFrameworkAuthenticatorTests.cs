using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReportBot.Server.Channels.Teams;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>Inbound token validation against keys and metadata served by a loopback stand-in, signed by the test.</summary>
public sealed class BotFrameworkAuthenticatorTests : IAsyncLifetime
{
    private BotFrameworkStandIn _standIn = null!;

    public async ValueTask InitializeAsync() => _standIn = await BotFrameworkStandIn.StartAsync();

    public async ValueTask DisposeAsync() => await _standIn.DisposeAsync();

    private BotFrameworkAuthenticator Create(Action<TeamsOptions>? configure = null)
    {
        var options = new TeamsOptions
        {
            AppId = BotFrameworkStandIn.AppId,
            OpenIdMetadataUrl = _standIn.MetadataUrl,
            TenantOpenIdMetadataUrl = _standIn.TenantMetadataUrl,
            KeyRefreshMinSeconds = 0,
        };
        configure?.Invoke(options);
        return new BotFrameworkAuthenticator(Options.Create(options), new SimpleHttpClientFactory(), TimeProvider.System, NullLogger<BotFrameworkAuthenticator>.Instance);
    }

    private Activity Message(string? serviceUrl = null, string channel = "msteams") =>
        new() { Type = "message", ServiceUrl = serviceUrl ?? _standIn.ServiceUrl, ChannelId = channel, Conversation = new() { Id = "c1" }, Text = "hi" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ValidToken_IsAccepted()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct);
        outcome.Succeeded.ShouldBeTrue(outcome.Failure);
        outcome.Anonymous.ShouldBeFalse();
    }

    [Fact]
    public async Task ExpiredToken_BeyondClockSkew_IsRefused()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-10)), Message(), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure!.ShouldContain("Expired");
    }

    [Fact]
    public async Task TokenExpiredWithinClockSkew_IsAccepted()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-2)), Message(), Ct);
        outcome.Succeeded.ShouldBeTrue(outcome.Failure);
    }

    [Fact]
    public async Task WrongAudience_IsRefused()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, audience: "another-app"), Message(), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure!.ShouldContain("Audience");
    }

    [Fact]
    public async Task WrongIssuer_IsRefused()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, issuer: "https://attacker.example"), Message(), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure!.ShouldContain("issuer");
    }

    [Fact]
    public async Task UnknownKey_IsRefused()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, key: BotFrameworkStandIn.UnpublishedKey("key-x")), Message(), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure.ShouldBe("unknown signing key");
    }

    [Fact]
    public async Task PublishedKidSignedWithAnotherKey_IsRefused()
    {
        // The header names a published key, but the signature is made with a different private key.
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, key: BotFrameworkStandIn.UnpublishedKey("key-1")), Message(), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure!.ShouldContain("Signature");
    }

    [Fact]
    public async Task TamperedPayload_IsRefused()
    {
        var parts = _standIn.Sign(_standIn.ServiceUrl).Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace(BotFrameworkStandIn.AppId, BotFrameworkStandIn.AppId.Replace('1', '2'), StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var tamperedSignature = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";
        (await Create(o => o.AppId = BotFrameworkStandIn.AppId.Replace('1', '2')).AuthenticateAsync("Bearer " + forged, Message(), Ct)).Succeeded.ShouldBeFalse();
        (await Create().AuthenticateAsync("Bearer " + tamperedSignature, Message(), Ct)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task ServiceUrlClaimThatDiffersFromTheActivity_IsRefused()
    {
        var token = _standIn.Sign(_standIn.ServiceUrl);
        var outcome = await Create().AuthenticateAsync("Bearer " + token, Message("https://forged.example/connector"), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure!.ShouldContain("serviceurl");
        (await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, includeServiceUrl: false), Message(), Ct)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task KeyThatDoesNotEndorseTheChannel_IsRefused()
    {
        var outcome = await Create().AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(channel: "slack"), Ct);
        outcome.Succeeded.ShouldBeFalse();
        outcome.Failure!.ShouldContain("endorse");
    }

    [Fact]
    public async Task MissingOrNonBearerHeader_IsRefused()
    {
        (await Create().AuthenticateAsync(null, Message(), Ct)).Succeeded.ShouldBeFalse();
        (await Create().AuthenticateAsync("Basic abc", Message(), Ct)).Succeeded.ShouldBeFalse();
        (await Create().AuthenticateAsync("Bearer not-a-jwt", Message(), Ct)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task Keys_AreCached_AndRefetchedWhenATokenNamesANewKey()
    {
        var auth = Create();
        for (var i = 0; i < 3; i++)
            (await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct)).Succeeded.ShouldBeTrue();
        _standIn.MetadataRequests.ShouldBe(1);

        _standIn.AddKey("key-2", ["msteams"]); // key rollover
        var outcome = await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, kid: "key-2"), Message(), Ct);
        outcome.Succeeded.ShouldBeTrue(outcome.Failure);
        _standIn.MetadataRequests.ShouldBe(2);
    }

    [Fact]
    public async Task UnknownKeys_DoNotRefetchMoreOftenThanTheMinimumInterval()
    {
        var auth = Create(o => o.KeyRefreshMinSeconds = 600);
        for (var i = 0; i < 3; i++)
            (await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl, key: BotFrameworkStandIn.UnpublishedKey("nope-" + i)), Message(), Ct)).Succeeded.ShouldBeFalse();
        _standIn.MetadataRequests.ShouldBe(1);
    }

    [Fact]
    public async Task SingleTenant_AcceptsTenantIssuers_AndMultiTenantDoesNot()
    {
        void SingleTenant(TeamsOptions o) { o.AppType = TeamsAppType.SingleTenant; o.TenantId = BotFrameworkStandIn.Tenant; }
        foreach (var issuer in new[] { $"https://login.microsoftonline.com/{BotFrameworkStandIn.Tenant}/v2.0", $"https://sts.windows.net/{BotFrameworkStandIn.Tenant}/" })
        {
            var token = "Bearer " + _standIn.Sign(_standIn.ServiceUrl, issuer: issuer);
            var single = await Create(SingleTenant).AuthenticateAsync(token, Message(), Ct);
            single.Succeeded.ShouldBeTrue(single.Failure);
            (await Create().AuthenticateAsync(token, Message(), Ct)).Succeeded.ShouldBeFalse();
        }
        var otherTenant = "Bearer " + _standIn.Sign(_standIn.ServiceUrl, issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0");
        (await Create(SingleTenant).AuthenticateAsync(otherTenant, Message(), Ct)).Succeeded.ShouldBeFalse();
        (await Create(SingleTenant).AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task AnonymousMode_AcceptsLoopbackServiceUrlsOnly()
    {
        var auth = Create(o => o.AppId = null);
        auth.IsAnonymous.ShouldBeTrue();
        (await auth.AuthenticateAsync(null, Message("http://127.0.0.1:5555/_connector"), Ct)).Succeeded.ShouldBeTrue();
        (await auth.AuthenticateAsync(null, Message("https://smba.trafficmanager.net/amer/"), Ct)).Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void TrustedServiceUrls_AllowOnlyWhatAuthenticatedActivitiesBrought()
    {
        var trusted = new TrustedServiceUrls(Options.Create(new TeamsOptions { AppId = "x" }), TimeProvider.System);
        trusted.IsAllowed("https://smba.example/amer/").ShouldBeFalse();
        trusted.Trust("https://smba.example/amer/");
        trusted.IsAllowed("https://smba.example/amer").ShouldBeTrue();
        trusted.IsAllowed("https://evil.example/amer").ShouldBeFalse();
        trusted.IsAllowed("http://169.254.169.254/").ShouldBeFalse();
        var anonymous = new TrustedServiceUrls(Options.Create(new TeamsOptions()), TimeProvider.System);
        anonymous.IsAllowed("http://127.0.0.1:3978/_connector").ShouldBeTrue();
        anonymous.IsAllowed("http://10.0.0.1/").ShouldBeFalse();
    }
}

/// <summary>An <see cref="IHttpClientFactory"/> for tests that build services by hand.</summary>
internal sealed class SimpleHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
}
