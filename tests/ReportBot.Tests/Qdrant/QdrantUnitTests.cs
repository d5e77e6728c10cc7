using System.Net;
using System.Text;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Qdrant;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Qdrant;

/// <summary>Tests that need no server: parsing, ids, the missing binary, and retries against a stub handler.</summary>
public sealed class QdrantUnitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2025", "2025-01-01", "2025-12-31")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("2025-06-02", "2025-06-02", "2025-06-02")]
    [InlineData(" 2025-06-02T23:30:00Z ", "2025-06-02", "2025-06-02")]
    public void Published_values_denote_day_ranges(string published, string first, string last)
    {
        QdrantIndex.TryParsePublished(published, out var f, out var l).ShouldBeTrue();
        f.ShouldBe(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        l.ShouldBe(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("June")]
    [InlineData("2025-13")]
    public void Unparseable_published_values_are_rejected(string? published) =>
        QdrantIndex.TryParsePublished(published, out _, out _).ShouldBeFalse();

    [Fact]
    public void Manifest_ids_are_deterministic_per_report()
    {
        QdrantIndex.ManifestId("a").ShouldBe(QdrantIndex.ManifestId("a"));
        QdrantIndex.ManifestId("a").ShouldNotBe(QdrantIndex.ManifestId("b"));
    }

    [Fact]
    public void Missing_binary_names_the_install_script()
    {
        var ex = Should.Throw<FileNotFoundException>(() =>
            new QdrantProcess(new QdrantOptions { BinaryPath = "/nonexistent/qdrant" }, Path.GetTempPath()));
        ex.Message.ShouldContain("scripts/install-tools.sh");
    }

    [Fact]
    public void Default_binary_is_found_from_the_solution_folder() =>
        File.Exists(QdrantProcess.ResolveBinaryPath(null)).ShouldBeTrue();

    [Fact]
    public async Task Transient_statuses_are_retried_honouring_Retry_After()
    {
        var handler = new StubHandler(
            Respond(HttpStatusCode.ServiceUnavailable, "{\"status\":{\"error\":\"busy\"}}", retryAfterSeconds: 0),
            Respond(HttpStatusCode.TooManyRequests, "{}", retryAfterSeconds: 0),
            Respond(HttpStatusCode.OK, "{\"result\":{\"count\":5},\"status\":\"ok\"}"));
        var index = NewIndex(handler);
        (await index.CountChunksAsync(Ct)).ShouldBe(5);
        handler.Calls.ShouldBe(3);
        handler.ApiKeys.ShouldAllBe(k => k == "secret");
    }

    [Fact]
    public async Task Exhausted_retries_and_open_circuit_give_IndexUnavailable()
    {
        var handler = new StubHandler(Enumerable.Range(0, 10).Select(_ => Respond(HttpStatusCode.BadGateway, "{\"status\":{\"error\":\"down\"}}", 0)).ToArray());
        var index = NewIndex(handler);
        var ex = await Should.ThrowAsync<IndexUnavailableException>(() => index.CountChunksAsync(Ct));
        ex.Message.ShouldContain("502");
        handler.Calls.ShouldBe(4);
        await Should.ThrowAsync<IndexUnavailableException>(() => index.CountChunksAsync(Ct));
        handler.Calls.ShouldBe(4); // circuit open: no request sent
    }

    [Fact]
    public async Task Client_errors_are_not_retried_and_carry_Qdrants_message()
    {
        var handler = new StubHandler(Respond(HttpStatusCode.BadRequest, "{\"status\":{\"error\":\"Wrong input: nope\"},\"time\":0}"));
        var ex = await Should.ThrowAsync<InvalidOperationException>(() => NewIndex(handler).CountChunksAsync(Ct));
        ex.Message.ShouldContain("Wrong input: nope");
        handler.Calls.ShouldBe(1);
    }

    private static QdrantIndex NewIndex(StubHandler handler)
    {
        var index = new QdrantIndex(new HttpClient(handler) { BaseAddress = new Uri("http://qdrant.test/") },
            new QdrantOptions { ApiKey = "secret", RetryBaseDelayMilliseconds = 1 });
        index.UseSchema(new IndexSchema("c", "m", 4));
        return index;
    }

    private static Func<HttpResponseMessage> Respond(HttpStatusCode status, string body, int? retryAfterSeconds = null) => () =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfterSeconds is { } s)
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
        return response;
    };

    private sealed class StubHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string?> ApiKeys { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ApiKeys.Add(request.Headers.TryGetValues("api-key", out var values) ? values.Single() : null);
            return Task.FromResult(responses[Math.Min(Calls++, responses.Length - 1)]());
        }
    }
}
