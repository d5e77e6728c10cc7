using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReportBot.Server.Channels.Slack;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Slack;

/// <summary>The Web API client against the stand-in on loopback: bearer token, thread, Retry-After, ok:false.</summary>
public sealed class SlackWebApiTests : IAsyncLifetime
{
    private SlackStandIn _slack = null!;
    private SlackWebApi _api = null!;
    private ServiceProvider _provider = null!;

    public async ValueTask InitializeAsync()
    {
        _slack = await SlackStandIn.StartAsync();
        var options = Options.Create(new SlackOptions { ApiBaseUrl = _slack.ApiBaseUrl.ToString(), BotToken = SlackStandIn.Token, RetryCount = 3 });
        // The named HttpClients with their resilience handlers, as the server registers them.
        var services = new ServiceCollection().AddLogging().AddSingleton(options);
        SlackWebApi.AddHttpClients(services);
        _provider = services.BuildServiceProvider();
        _api = new SlackWebApi(_provider.GetRequiredService<IHttpClientFactory>(), options, TimeProvider.System, NullLogger<SlackWebApi>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private static SlackMessage Message => SlackMessageBuilder.Notice("hello & goodbye");

    [Fact]
    public async Task PostMessage_SendsBearerTokenChannelThreadAndBlocks()
    {
        (await _api.PostMessageAsync("C1", "111.222", Message, TestContext.Current.CancellationToken)).ShouldBeTrue();
        var call = _slack.Calls.Single();
        call.Path.ShouldBe("/api/chat.postMessage");
        call.Authorization.ShouldBe("Bearer " + SlackStandIn.Token);
        call.Body!["channel"]!.GetValue<string>().ShouldBe("C1");
        call.Body["thread_ts"]!.GetValue<string>().ShouldBe("111.222");
        call.Body["text"]!.GetValue<string>().ShouldBe("hello &amp; goodbye");
        call.Body["blocks"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task PostMessage_On429_WaitsForRetryAfterThenSucceeds()
    {
        _slack.Script(async http =>
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = "1";
            await http.Response.WriteAsync("", TestContext.Current.CancellationToken);
        });
        (await _api.PostMessageAsync("C1", null, Message, TestContext.Current.CancellationToken)).ShouldBeTrue();
        var calls = _slack.Calls;
        calls.Count.ShouldBe(2);
        (calls[1].At - calls[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task PostMessage_OkFalse_IsNotRetried()
    {
        _slack.Script(http => Results.Json(new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" }).ExecuteAsync(http));
        (await _api.PostMessageAsync("C404", null, Message, TestContext.Current.CancellationToken)).ShouldBeFalse();
        _slack.Calls.Count.ShouldBe(1);
    }

    [Fact]
    public async Task PostMessage_ServerError_IsRetried()
    {
        _slack.Script(http => { http.Response.StatusCode = 503; return Task.CompletedTask; });
        (await _api.PostMessageAsync("C1", null, Message, TestContext.Current.CancellationToken)).ShouldBeTrue();
        _slack.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task PostToResponseUrl_SendsNoTokenAndTheResponseType()
    {
        (await _api.PostToResponseUrlAsync(_slack.ResponseUrl("abc"), Message, inChannel: true, TestContext.Current.CancellationToken)).ShouldBeTrue();
        var call = _slack.Calls.Single();
        call.Path.ShouldBe("/commands/abc");
        call.Authorization.ShouldBeNull();
        call.Body!["response_type"]!.GetValue<string>().ShouldBe("in_channel");
    }
}
