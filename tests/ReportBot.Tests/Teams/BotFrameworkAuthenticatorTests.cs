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

    private BotFrameworkAuthenticator Create(Action<TeamsOptions>? configure = null) => Create(TimeProvider.System, configure);

    private BotFrameworkAuthenticator Create(TimeProvider time, Action<TeamsOptions>? configure = null)
    {
        var options = new TeamsOptions
        {
            AppId = BotFrameworkStandIn.AppId,
            OpenIdMetadataUrl = _standIn.MetadataUrl,
            TenantOpenIdMetadataUrl = _standIn.TenantMetadataUrl,
            KeyRefreshMinSeconds = 0,
        };
        configure?.Invoke(options);
        return new BotFrameworkAuthenticator(Options.Create(options), new SimpleHttpClientFactory(), time, NullLogger<BotFrameworkAuthenticator>.Instance);
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

    /// <summary>A clock the test moves (only the key cache reads it; tokens are checked against the real time).</summary>
    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task SigningKeys_AFailedFetchIsCachedBriefly_NotFetchedAgainPerForgedToken()
    {
        var clock = new ManualTime();
        var auth = Create(clock, o => o.KeyFailureCacheSeconds = 30);
        _standIn.MetadataFails = true;
        for (var i = 0; i < 5; i++)
        {
            var outcome = await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct);
            outcome.Succeeded.ShouldBeFalse();
            outcome.Failure!.ShouldContain("signing keys unavailable");
        }
        _standIn.MetadataRequests.ShouldBe(1, "one fetch, its failure remembered");
        clock.Now += TimeSpan.FromSeconds(31);
        _standIn.MetadataFails = false;
        (await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct)).Succeeded.ShouldBeTrue("tried again once the failure expired");
        _standIn.MetadataRequests.ShouldBe(2);
    }

    [Fact]
    public async Task SigningKeys_OneFetchAtATime_WaitersShareIt_AndEachWaitsABoundedTime()
    {
        var auth = Create(o => { o.KeyWaitSeconds = 1; o.TimeoutSeconds = 60; });
        _standIn.MetadataHang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct)));
        var waited = clock.Elapsed;
        outcomes.ShouldAllBe(o => !o.Succeeded && o.Failure!.Contains("signing keys unavailable"));
        _standIn.MetadataRequests.ShouldBe(1, "8 requests shared one fetch");
        waited.ShouldBeLessThan(TimeSpan.FromSeconds(30), "each request waited its bound (1 s), not the hanging fetch (60 s timeout)");

        // The shared fetch completes after the requests gave up waiting; the next request has the keys, without a new fetch.
        _standIn.MetadataHang.SetResult();
        _standIn.MetadataHang = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        AuthenticationOutcome last;
        do last = await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct);
        while (!last.Succeeded && DateTime.UtcNow < deadline);
        last.Succeeded.ShouldBeTrue(last.Failure);
        _standIn.MetadataRequests.ShouldBe(1);
    }

    [Fact]
    public async Task SigningKeys_TheLastKnownKeysServeBeyondTheirLifetime_WhileTheMetadataIsUnreachable()
    {
        var clock = new ManualTime();
        var auth = Create(clock, o => o.KeyCacheHours = 24);
        (await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct)).Succeeded.ShouldBeTrue();
        _standIn.MetadataFails = true;
        clock.Now += TimeSpan.FromHours(25);
        var outcome = await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct);
        outcome.Succeeded.ShouldBeTrue(outcome.Failure);
        _standIn.MetadataRequests.ShouldBe(2, "the expired keys were re-fetched, the fetch failed, the last known keys served");
        clock.Now += TimeSpan.FromSeconds(5);
        (await auth.AuthenticateAsync("Bearer " + _standIn.Sign(_standIn.ServiceUrl), Message(), Ct)).Succeeded.ShouldBeTrue();
        _standIn.MetadataRequests.ShouldBe(2, "the failure is cached briefly");
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
        anonymous.IsAllowed("http://127.0.0.1:6333/collections/x/snapshots?").ShouldBeFalse("a query would choose the reply's path");
        anonymous.IsAllowed("http://127.0.0.1:3978/_connector#x").ShouldBeFalse();
        trusted.Trust("https://smba.example/amer?x=");
        trusted.IsAllowed("https://smba.example/amer?x=").ShouldBeFalse();
    }
}

/// <summary>An <see cref="IHttpClientFactory"/> for tests that build services by hand.</summary>
internal sealed class SimpleHttpClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
}
