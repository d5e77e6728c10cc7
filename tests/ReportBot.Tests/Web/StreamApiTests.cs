using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Web;

/// <summary>POST /api/chat/stream over a real socket: event order, equality with /api/chat, latency, cancellation.</summary>
[Collection("web")]
public sealed class StreamApiTests(WebFixture web)
{
    private const string TroopQuestion = "How many North Korean troops were sent to Russia?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_SendsMetaDeltasCitationsDisagreementsDoneInOrder_AndDoneEqualsChat()
    {
        var events = await StreamAsync(new { question = TroopQuestion });

        var names = events.Select(e => e.Name).ToList();
        names[0].ShouldBe("meta");
        names.Count(n => n == "delta").ShouldBeGreaterThan(3);
        var firstDelta = names.IndexOf("delta");
        var lastDelta = names.LastIndexOf("delta");
        names.Skip(firstDelta).Take(lastDelta - firstDelta + 1).ShouldAllBe(n => n == "delta");
        names.Skip(lastDelta + 1).ShouldBe(["citations", "disagreements", "done"]);

        var done = events[^1].Data;
        using var chat = await web.Http.PostAsJsonAsync("/api/chat", new { question = TroopQuestion }, Ct);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        var expected = JsonNode.Parse(await chat.Content.ReadAsStringAsync(Ct));
        JsonNode.DeepEquals(done, expected).ShouldBeTrue($"done:\n{done}\n/api/chat:\n{expected}");

        // The pieces are the answer; meta, citations and disagreements agree with done.
        string.Concat(events.Where(e => e.Name == "delta").Select(e => (string)e.Data["text"]!)).ShouldBe((string)done["answer"]!);
        var meta = events[0].Data;
        ((string)meta["rewrittenQuestion"]!).ShouldBe((string)done["rewrittenQuestion"]!);
        JsonNode.DeepEquals(meta["retrieved"], done["retrieved"]).ShouldBeTrue();
        meta["sources"]!.AsArray().Select(s => (string)s!["reportId"]!).ShouldBe(done["retrieved"]!.AsArray().Select(r => (string)r!["reportId"]!).Distinct());
        JsonNode.DeepEquals(events[^3].Data["citations"], done["citations"]).ShouldBeTrue();
        JsonNode.DeepEquals(events[^2].Data["disagreements"], done["disagreements"]).ShouldBeTrue();
        done["citations"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Stream_Abstention_EndsWithAnUnanswerableDoneAndNoCitations()
    {
        var events = await StreamAsync(new { question = "What is the best recipe for lemon cake?" });
        events.Select(e => e.Name).First().ShouldBe("meta");
        events[^1].Name.ShouldBe("done");
        ((bool)events[^1].Data["answerable"]!).ShouldBeFalse();
        events[^3].Data["citations"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Stream_WithConversationId_AnswersAFollowUpFromTheStoredHistory()
    {
        var first = await StreamAsync(new { question = TroopQuestion, conversationId = "new" });
        var id = (string)first[0].Data["conversationId"]!;
        id.ShouldMatch("^[0-9a-f]{64}$", "the server issues the id");
        ((string)first[^1].Data["conversationId"]!).ShouldBe(id, "done carries it too, as the /api/chat body does");
        var followUp = "And how many of them were killed or wounded?";
        var second = await StreamAsync(new { question = followUp, conversationId = id });
        var rewritten = (string)second[^1].Data["rewrittenQuestion"]!;
        rewritten.ShouldNotBe(followUp);
        ((string)second[0].Data["rewrittenQuestion"]!).ShouldBe(rewritten);
    }

    [Fact]
    public async Task Stream_FirstEvent_LeavesWithin50Milliseconds()
    {
        for (var i = 0; i < 2; i++) await StreamAsync(new { question = TroopQuestion }); // warm up (JIT, caches)
        var times = new List<double>();
        foreach (var question in new[] { TroopQuestion, "Who monitors the sanctions against North Korea?", "What did Russia send to North Korea?", TroopQuestion, "When did the deployment begin?" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/stream") { Content = JsonContent.Create(new { question }) };
            var clock = Stopwatch.StartNew();
            using var response = await web.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            (await reader.ReadLineAsync(Ct)).ShouldBe("event: meta");
            (await reader.ReadLineAsync(Ct))!.ShouldStartWith("data: {");
            times.Add(clock.Elapsed.TotalMilliseconds);
            // Read the rest, so no hung-up stream of this test is logged as cancelled while another test counts cancellations.
            await reader.ReadToEndAsync(Ct);
        }
        times.Sort();
        var median = times[times.Count / 2];
        TestContext.Current.TestOutputHelper?.WriteLine($"time to first SSE event (ms): {string.Join(", ", times.Select(t => t.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}; median {median:F1}");
        median.ShouldBeLessThan(50);
    }

    [Fact]
    public async Task Stream_ClientDisconnects_ServerStopsTheWork()
    {
        var before = Cancellations();
        // A client that hangs up: by default HttpClient drains what is left of a disposed response (up to 2 s) to reuse the
        // connection, and an answer sent within that time completes instead of being cancelled.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = web.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/stream") { Content = JsonContent.Create(new { question = TroopQuestion }) };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        // Read up to the first delta, then hang up while the answer is still being sent.
        while (await reader.ReadLineAsync(Ct) is { } line && line != "event: delta") { }
        reader.Dispose();
        response.Dispose();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Cancellations().Count == before.Count && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);
        // The messages after those seen before (by position: another test's cancelled stream may have logged the very same
        // text, which a set difference would drop).
        var cancelled = Cancellations().Skip(before.Count).ToList();
        cancelled.Count.ShouldBe(1, "the server should log that the client cancelled the stream");

        // It stopped early: the full stream of this answer has many more events than were sent.
        var full = await StreamAsync(new { question = TroopQuestion });
        var sent = int.Parse(System.Text.RegularExpressions.Regex.Match(cancelled[0], @"after (\d+) events").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        sent.ShouldBeLessThan(full.Count - 3);
    }

    [Theory]
    [InlineData("{\"question\": \"\"}", "application/json")]
    [InlineData("{\"question\": 5}", "application/json")]
    [InlineData("not json", "application/json")]
    [InlineData("{\"question\": \"Hello?\"}", "text/plain")]
    [InlineData("{\"question\": \"Hello?\", \"history\": [{\"role\": \"robot\", \"content\": \"x\"}]}", "application/json")]
    public async Task Stream_BadInput_IsRefusedExactlyLikeChat(string body, string contentType)
    {
        using var stream = await web.Http.PostAsync("/api/chat/stream", new StringContent(body, Encoding.UTF8, contentType), Ct);
        using var chat = await web.Http.PostAsync("/api/chat", new StringContent(body, Encoding.UTF8, contentType), Ct);
        stream.StatusCode.ShouldBe(chat.StatusCode);
        ((int)stream.StatusCode).ShouldBeInRange(400, 499);
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var a = JsonNode.Parse(await stream.Content.ReadAsStringAsync(Ct))!;
        var b = JsonNode.Parse(await chat.Content.ReadAsStringAsync(Ct))!;
        JsonNode.DeepEquals(a["errors"], b["errors"]).ShouldBeTrue();
        ((string?)a["title"]).ShouldBe((string?)b["title"]);
    }

    [Fact]
    public async Task Stream_BodyOverTheLimit_Gets413()
    {
        var huge = new string('a', 300 * 1024);
        using var response = await web.Http.PostAsync("/api/chat/stream", new StringContent($"{{\"question\": \"{huge}\"}}", Encoding.UTF8, "application/json"), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    private List<string> Cancellations() =>
        web.Logs.Messages.Where(m => m.Category.EndsWith("StreamApi", StringComparison.Ordinal) && m.Message.Contains("cancelled by the client", StringComparison.Ordinal)).Select(m => m.Message).ToList();

    /// <summary>Posts to the stream and reads every event (name and JSON data).</summary>
    internal async Task<List<(string Name, JsonNode Data)>> StreamAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/stream") { Content = JsonContent.Create(body) };
        using var response = await web.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return ParseEvents(await response.Content.ReadAsStringAsync(Ct));
    }

    internal static List<(string Name, JsonNode Data)> ParseEvents(string text)
    {
        var events = new List<(string, JsonNode)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            string? name = null, data = null;
            foreach (var line in block.Split('\n'))
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            }
            name.ShouldNotBeNull();
            data.ShouldNotBeNull();
            events.Add((name, JsonNode.Parse(data)!));
        }
        return events;
    }
}
