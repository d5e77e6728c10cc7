using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReportBot.Tests.Slack;

/// <summary>One request the stand-in received.</summary>
public sealed record SlackCall(string Path, string? Authorization, JsonObject? Body, string RawBody, DateTimeOffset At)
{
    /// <summary>The Web API method (<c>chat.postMessage</c>, <c>chat.startStream</c>, …), or null for a response URL.</summary>
    public string? Method => Path.StartsWith("/api/", StringComparison.Ordinal) ? Path[5..] : null;

    /// <summary>The body's <c>channel</c>.</summary>
    public string? Channel => Body?["channel"]?.GetValue<string>();

    /// <summary>The body's <c>markdown_text</c>.</summary>
    public string? Markdown => Body?["markdown_text"]?.GetValue<string>();
}

/// <summary>
/// A stand-in for Slack's Web API and response URLs: a real Kestrel server on 127.0.0.1 that records every call, checks
/// what Slack would check (bearer token, JSON body with a channel and text) and answers as Slack does. Tests may script
/// the next answers (e.g. HTTP 429 with Retry-After, or <c>ok: false</c>). Streamed messages are checked too: a stream is
/// started in a thread with its first text (and, outside a direct message, the recipient), appended to by its
/// <c>ts</c> with text, no faster than <see cref="MinAppendInterval"/>, stopped once, and only then updated; a call that
/// breaks a rule is refused and listed in <see cref="ProtocolErrors"/>.
/// </summary>
public sealed class SlackStandIn : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _scripted = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scriptedByMethod = new();
    private readonly ConcurrentQueue<string> _protocolErrors = new();
    private readonly Lock _streamLock = new();
    private readonly Dictionary<string, StreamState> _streams = new();
    private int _streamCount;

    private sealed class StreamState(string channel)
    {
        public string Channel { get; } = channel;
        public bool Open { get; set; } = true;
        public DateTimeOffset LastAt { get; set; }
    }

    /// <summary>Least time between two calls on one stream; a faster append gets 429 (Retry-After: 1) and is a protocol error.</summary>
    public TimeSpan MinAppendInterval { get; set; }

    /// <summary>The streaming rules the bot broke (should stay empty).</summary>
    public IReadOnlyList<string> ProtocolErrors => [.. _protocolErrors];

    /// <summary>The next call of <paramref name="method"/> (e.g. <c>chat.startStream</c>) gets this answer instead of the normal one.</summary>
    public void Script(string method, Func<HttpContext, Task> answer) => _scriptedByMethod.GetOrAdd(method, _ => new()).Enqueue(answer);

    private TaskCompletionSource? _hold;
    private int _heldCalls;

    private SlackStandIn(WebApplication app) => _app = app;

    /// <summary>Base URL of the stand-in's Web API (<c>http://127.0.0.1:N/api/</c>).</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>A response URL on the stand-in, as a slash command would carry.</summary>
    public Uri ResponseUrl(string id) => new(ApiBaseUrl, $"/commands/{id}");

    public IReadOnlyList<SlackCall> Calls => _calls.ToList();

    /// <summary>The next call gets this answer instead of the normal one.</summary>
    public void Script(Func<HttpContext, Task> answer) => _scripted.Enqueue(answer);

    /// <summary>From now on calls hang (a Slack that does not answer) until <see cref="ReleaseCalls"/>. A held call is
    /// recorded in <see cref="Calls"/> only once it is let through; one its caller gave up on (or died during) never is.</summary>
    public void HoldCalls() => Interlocked.Exchange(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Lets the held calls (and every later one) through.</summary>
    public void ReleaseCalls() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    /// <summary>Calls that waited in <see cref="HoldCalls"/> so far (including those given up by the caller).</summary>
    public int HeldCalls => Volatile.Read(ref _heldCalls);

    public static async Task<SlackStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new SlackStandIn(app);
        app.MapPost("/api/chat.postMessage", standIn.PostMessageAsync);
        foreach (var method in new[] { "chat.startStream", "chat.appendStream", "chat.stopStream", "chat.update" })
            app.MapPost("/api/" + method, (HttpContext http) => standIn.StreamCallAsync(method, http));
        app.MapPost("/commands/{id}", standIn.ResponseUrlAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.ApiBaseUrl = new Uri(address.TrimEnd('/') + "/api/");
        return standIn;
    }

    private async Task PostMessageAsync(HttpContext http)
    {
        if (!await PassHoldAsync(http)) return;
        var call = await RecordAsync(http);
        if (_scripted.TryDequeue(out var scripted)) { await scripted(http); return; }
        string? error = null;
        if (call.Authorization != "Bearer " + Token) error = "not_authed";
        else if (call.Body is null || call.Body["channel"] is null) error = "channel_not_found";
        else if (call.Body["text"] is null && call.Body["blocks"] is null) error = "no_text";
        var result = error is null
            ? new JsonObject { ["ok"] = true, ["channel"] = call.Body!["channel"]!.GetValue<string>(), ["ts"] = "1700000000.000100" }
            : new JsonObject { ["ok"] = false, ["error"] = error };
        await Results.Json(result).ExecuteAsync(http);
    }

    private async Task StreamCallAsync(string method, HttpContext http)
    {
        var call = await RecordAsync(http);
        if (_scriptedByMethod.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted)) { await scripted(http); return; }
        var body = call.Body;
        string? Str(string name) => body?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var channel = Str("channel");
        var ts = Str("ts");
        var markdown = Str("markdown_text");
        string? error = null;
        var throttled = false;
        if (call.Authorization != "Bearer " + Token) error = "not_authed";
        else if (channel is null) error = "channel_not_found";
        else
        {
            lock (_streamLock)
            {
                StreamState? stream = ts is not null && _streams.TryGetValue(ts, out var known) && known.Channel == channel ? known : null;
                string? Broken(string rule)
                {
                    _protocolErrors.Enqueue($"{method} in {channel}: {rule}");
                    return "invalid_arguments";
                }
                switch (method)
                {
                    case "chat.startStream":
                        if (Str("thread_ts") is null) error = Broken("a streamed answer must be a reply in the question's thread");
                        else if (string.IsNullOrEmpty(markdown) || markdown.Length > 12_000) error = Broken("markdown_text must have 1-12000 characters");
                        else if (!channel.StartsWith('D') && (Str("recipient_user_id") is null || Str("recipient_team_id") is null)) error = Broken("outside a direct message the recipient is required");
                        else
                        {
                            ts = $"1800000000.{Interlocked.Increment(ref _streamCount):D6}";
                            _streams[ts] = new StreamState(channel) { LastAt = call.At };
                        }
                        break;
                    case "chat.appendStream":
                        if (stream is null) error = Broken("an append to an unknown stream");
                        else if (!stream.Open) error = Broken("an append after the stream stopped");
                        else if (string.IsNullOrEmpty(markdown) || markdown.Length > 12_000) error = Broken("markdown_text must have 1-12000 characters");
                        else if (call.At - stream.LastAt < MinAppendInterval)
                        {
                            _protocolErrors.Enqueue($"{method} in {channel}: {(call.At - stream.LastAt).TotalMilliseconds:F0} ms after the previous call");
                            throttled = true;
                        }
                        else stream.LastAt = call.At;
                        break;
                    case "chat.stopStream":
                        if (stream is null) error = Broken("a stop of an unknown stream");
                        else if (!stream.Open) error = Broken("a stream stopped twice");
                        else stream.Open = false;
                        break;
                    case "chat.update":
                        if (ts is null) error = "message_not_found";
                        else if (stream is { Open: true }) error = Broken("an update of a stream that was not stopped");
                        else if (body?["text"] is null && body?["blocks"] is null) error = "no_text";
                        break;
                }
            }
        }
        if (throttled)
        {
            http.Response.Headers.RetryAfter = "1";
            await Results.StatusCode(429).ExecuteAsync(http);
            return;
        }
        var result = error is null ? new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts } : new JsonObject { ["ok"] = false, ["error"] = error };
        await Results.Json(result).ExecuteAsync(http);
    }

    /// <summary>The <c>ts</c> of every stream started in <paramref name="channel"/>.</summary>
    public IReadOnlyList<string> StreamsIn(string channel)
    {
        lock (_streamLock) return _streams.Where(s => s.Value.Channel == channel).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
    }

    private async Task ResponseUrlAsync(HttpContext http)
    {
        if (!await PassHoldAsync(http)) return;
        await RecordAsync(http);
        if (_scripted.TryDequeue(out var scripted)) { await scripted(http); return; }
        await Results.Text("ok").ExecuteAsync(http);
    }

    // False when the caller went away while the call was held.
    private async Task<bool> PassHoldAsync(HttpContext http)
    {
        if (Volatile.Read(ref _hold) is not { } hold) return true;
        Interlocked.Increment(ref _heldCalls);
        try
        {
            await hold.Task.WaitAsync(http.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<SlackCall> RecordAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var raw = await reader.ReadToEndAsync();
        JsonObject? body = null;
        try { body = JsonNode.Parse(raw) as JsonObject; } catch (System.Text.Json.JsonException) { }
        var call = new SlackCall(http.Request.Path, http.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body, raw, DateTimeOffset.UtcNow);
        _calls.Enqueue(call);
        return call;
    }

    /// <summary>Waits for a call that matches; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var hit = _calls.FirstOrDefault(match);
            if (hit is not null) return hit;
            await Task.Delay(20);
        }
        throw new TimeoutException("The stand-in Slack API received no matching call.");
    }

    public int Count(Func<SlackCall, bool> match) => _calls.Count(match);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
