using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ReportBot.Tests.Generative;

/// <summary>One request the stand-in received.</summary>
/// <param name="Path">Request path.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Body">The JSON body.</param>
/// <param name="At">When it arrived.</param>
public sealed record ModelCall(string Path, string? Authorization, JsonObject Body, DateTimeOffset At)
{
    /// <summary>The text of the message with <paramref name="role"/>.</summary>
    public string Message(string role) => Body["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == role).Select(m => m!["content"]!.GetValue<string>()).LastOrDefault() ?? "";

    /// <summary>True when the request asked for a streamed reply.</summary>
    public bool Streamed => Body["stream"]?.GetValue<bool>() == true;
}

/// <summary>What the stand-in does with one chat request: a reply text (sent as JSON or SSE chunks), or a raw HTTP answer.</summary>
public delegate Task ModelScript(ModelCall call, HttpContext http);

/// <summary>
/// A stand-in for an OpenAI-compatible model server: a real Kestrel app on 127.0.0.1 implementing
/// <c>POST /v1/chat/completions</c> (JSON, or SSE chunks with <c>stream: true</c>) and <c>POST /v1/embeddings</c>. It
/// records every request and checks what a server would check (a model, well-formed messages, input texts, the key when
/// one is expected): a request that fails the checks gets 400 and is counted in <see cref="Rejected"/>.
/// </summary>
public sealed class ModelStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ModelCall> _calls = new();
    private readonly ConcurrentQueue<ModelScript> _scripts = new();
    private int _rejected;

    private ModelStandIn(WebApplication app, string? expectedKey)
    {
        _app = app;
        ExpectedKey = expectedKey;
    }

    /// <summary>The key the stand-in requires as a bearer token (null: it requires none to be sent).</summary>
    public string? ExpectedKey { get; }

    /// <summary>The OpenAI-style base URL (<c>http://127.0.0.1:N/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received.</summary>
    public IReadOnlyList<ModelCall> Calls => _calls.ToList();

    /// <summary>Requests refused as malformed (should stay 0).</summary>
    public int Rejected => _rejected;

    /// <summary>What happens when no script is queued: this reply builder (default: an empty reply).</summary>
    public ModelScript Default { get; set; } = Reply(_ => "");

    /// <summary>Queues the handling of the next chat request.</summary>
    public void Script(ModelScript script) => _scripts.Enqueue(script);

    /// <summary>Dimensions of the stand-in's embeddings.</summary>
    public const int EmbeddingDimensions = 8;

    public static async Task<ModelStandIn> StartAsync(string? expectedKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new ModelStandIn(app, expectedKey);
        app.MapPost("/v1/chat/completions", standIn.ChatAsync);
        app.MapPost("/v1/embeddings", standIn.EmbeddingsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        if (!IPAddress.IsLoopback(IPAddress.Parse(uri.Host))) throw new InvalidOperationException("The stand-in must listen on loopback only.");
        standIn.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return standIn;
    }

    /// <summary>
    /// A script that answers with <paramref name="text"/> built from the request (JSON, or SSE chunks of
    /// <paramref name="chunkChars"/> characters when streamed, each after <paramref name="chunkDelay"/>: a model that writes slowly).
    /// </summary>
    public static ModelScript Reply(Func<ModelCall, string> text, TimeSpan? chunkDelay = null, int chunkChars = 7) => async (call, http) =>
    {
        var reply = text(call);
        if (!call.Streamed)
        {
            await Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-standin", ["object"] = "chat.completion", ["created"] = 1_770_000_000, ["model"] = call.Body["model"]!.GetValue<string>(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0, ["finish_reason"] = "stop",
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
            }).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        async Task Chunk(JsonObject delta, string? finish)
        {
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-standin", ["object"] = "chat.completion.chunk", ["created"] = 1_770_000_000, ["model"] = call.Body["model"]!.GetValue<string>(),
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            };
            await http.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
            await http.Response.Body.FlushAsync();
        }
        await Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        for (var i = 0; i < reply.Length; i += chunkChars)
        {
            if (chunkDelay is { } delay) await Task.Delay(delay, http.RequestAborted);
            await Chunk(new JsonObject { ["content"] = reply.Substring(i, Math.Min(chunkChars, reply.Length - i)) }, null);
        }
        await Chunk([], "stop");
        await http.Response.WriteAsync("data: [DONE]\n\n");
    };

    /// <summary>A script that answers with an HTTP status (and optional Retry-After seconds).</summary>
    public static ModelScript Status(int status, int? retryAfterSeconds = null) => async (_, http) =>
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } s) http.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(new { error = new { message = $"stand-in status {status}", type = "server_error" } });
    };

    /// <summary>A script that answers 200 with a body that is not JSON.</summary>
    public static ModelScript Malformed() => async (_, http) =>
    {
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("{\"id\": \"chatcmpl-broken\", \"choices\": [ {\"message\": ");
    };

    public int Count(Func<ModelCall, bool> match) => _calls.Count(match);

    private async Task ChatAsync(HttpContext http)
    {
        var call = await RecordAsync(http);
        if (call is null) return;
        var messages = call.Body["messages"] as JsonArray;
        var wellFormed = call.Body["model"]?.GetValue<string>() is { Length: > 0 } && messages is { Count: > 0 }
            && messages.All(m => m?["role"]?.GetValue<string>() is "system" or "user" or "assistant" && m["content"] is not null);
        if (!wellFormed)
        {
            Interlocked.Increment(ref _rejected);
            http.Response.StatusCode = 400;
            return;
        }
        var script = _scripts.TryDequeue(out var s) ? s : Default;
        await script(call, http);
    }

    private async Task EmbeddingsAsync(HttpContext http)
    {
        var call = await RecordAsync(http);
        if (call is null) return;
        var input = call.Body["input"];
        var texts = input is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : input is JsonValue v ? [v.GetValue<string>()] : null;
        if (call.Body["model"]?.GetValue<string>() is not { Length: > 0 } || texts is not { Count: > 0 })
        {
            Interlocked.Increment(ref _rejected);
            http.Response.StatusCode = 400;
            return;
        }
        var data = new JsonArray();
        for (var i = 0; i < texts.Count; i++)
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray(Vector(texts[i]).Select(f => (JsonNode)f).ToArray()) });
        await Results.Json(new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = call.Body["model"]!.GetValue<string>(), ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["total_tokens"] = 1 } }).ExecuteAsync(http);
    }

    /// <summary>A deterministic bag-of-letters vector, so similar texts get similar vectors.</summary>
    public static float[] Vector(string text)
    {
        var v = new float[EmbeddingDimensions];
        foreach (var c in text.ToLowerInvariant().Where(char.IsLetter)) v[c % EmbeddingDimensions] += 1;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? v.Select(_ => 1f / MathF.Sqrt(EmbeddingDimensions)).ToArray() : v.Select(x => x / norm).ToArray();
    }

    private async Task<ModelCall?> RecordAsync(HttpContext http)
    {
        // When the request arrived, before its body is read (under load the body can take a while to stream in).
        var arrived = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        JsonObject? body = null;
        try { body = JsonNode.Parse(raw) as JsonObject; } catch (JsonException) { }
        var auth = http.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null;
        var keyOk = ExpectedKey is null ? auth is null : auth == "Bearer " + ExpectedKey;
        if (body is null || !keyOk)
        {
            Interlocked.Increment(ref _rejected);
            http.Response.StatusCode = keyOk ? 400 : 401;
            return null;
        }
        var call = new ModelCall(http.Request.Path, auth, body, arrived);
        _calls.Enqueue(call);
        return call;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
