using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;

namespace ReportBot.Server.Apis;

/// <summary>The map of where the reports disagree.</summary>
public static class DisagreementsApi
{
    public static IEndpointRouteBuilder MapDisagreementsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/disagreements", (HttpContext http, CorpusState corpus, DisagreementMapCache cache) =>
            {
                if (!corpus.IsIndexed)
                    return TypedResults.Problem(title: "The reports are still being indexed", detail: "Try again in a few seconds.", statusCode: 503);
                var (body, etag) = cache.For(corpus.Current);
                http.Response.Headers.ETag = etag;
                http.Response.Headers.CacheControl = "no-cache";
                if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                return Results.Bytes(body, "application/json; charset=utf-8");
            })
            .WithName("Disagreements")
            .WithSummary("Every disagreement in the corpus (contradiction, changed over time, different scope) with its claims and citations. " +
                         "Built once per corpus snapshot; sent with an ETag (304 on If-None-Match).")
            .Produces<DisagreementMap>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}

/// <summary>
/// The disagreement map's JSON, built once per corpus snapshot (a re-sync that changed nothing keeps the snapshot, and so
/// the bytes and the ETag), so a request costs a lookup, not a rebuild of a body that grows with the corpus.
/// </summary>
public sealed class DisagreementMapCache(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private sealed record Entry(CorpusSnapshot Snapshot, byte[] Body, string ETag);

    private volatile Entry? _entry;
    private readonly Lock _lock = new();

    /// <summary>Times the map was built (for tests and the log).</summary>
    public int Builds { get; private set; }

    /// <summary>The JSON body and ETag of <paramref name="snapshot"/>'s map.</summary>
    public (byte[] Body, string ETag) For(CorpusSnapshot snapshot)
    {
        if (_entry is { } e && ReferenceEquals(e.Snapshot, snapshot)) return (e.Body, e.ETag);
        lock (_lock)
        {
            if (_entry is { } again && ReferenceEquals(again.Snapshot, snapshot)) return (again.Body, again.ETag);
            var body = JsonSerializer.SerializeToUtf8Bytes(DisagreementMap.From(snapshot), json.Value.SerializerOptions);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16)) + "\"";
            _entry = new Entry(snapshot, body, etag);
            Builds++;
            return (body, etag);
        }
    }
}
