using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Hosting;

namespace ReportBot.Server.Uploads;

/// <summary>Body of <c>POST /api/reports</c> as JSON.</summary>
/// <param name="Id">Report id (letters, digits, '.', '_', '-'; at most 100); default: made from the title.</param>
/// <param name="Title">Headline (required).</param>
/// <param name="Text">The report's text (required).</param>
/// <param name="Published">Publication date: "2026-03-04", "2026-03" or "2026".</param>
/// <param name="Publisher">The outlet.</param>
public sealed record AddReportRequest(string? Id, string? Title, string? Text, string? Published, string? Publisher);

/// <summary>
/// Adding and removing reports: the file goes into the corpus folder and the same sync as for the folder indexes it (at
/// once), so a report added here is a file there. Off unless <see cref="UploadOptions.Enabled"/>; every change needs the
/// bearer key. <c>GET /api/reports/{id}/status</c> says whether a report is queued, indexed or skipped (and why).
/// </summary>
public static partial class UploadsApi
{
    public static IEndpointRouteBuilder MapUploadsApi(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").WithTags("Reports");
        reports.MapPost("/", AddAsync)
            .WithName("AddReport")
            .WithSummary("Adds or replaces a report: a file as multipart/form-data (field 'file'; .md, .markdown, .txt, .html, .htm) or JSON {id?, title, text, published?, publisher?}. Needs ReportBot:Uploads:Enabled and Authorization: Bearer <ReportBot:Uploads:ApiKey>. Answers 202 with the indexing status.")
            .Accepts<AddReportRequest>("application/json", "multipart/form-data")
            .Produces<ReportStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();
        reports.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteReport")
            .WithSummary("Removes a report (its file in the corpus folder). Needs uploads enabled and the bearer key. Answers 202.")
            .Produces<ReportStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        reports.MapGet("/{id}/status", (string id, UploadTracker tracker) =>
                tracker.StatusOf(id) is { } status ? Results.Ok(status) : Problem(404, "Report not found", $"There is no report with the id '{id}'."))
            .WithName("ReportStatus")
            .WithSummary("Whether a report is queued for indexing, indexed, skipped (with the reason) or being removed.")
            .Produces<ReportStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<IResult> AddAsync(HttpContext http, IOptions<UploadOptions> options, IOptions<CorpusOptions> corpus, UploadTracker tracker,
        CorpusState state, ILogger<UploadTracker> logger, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (Authorize(http, o) is { } denied) return denied;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = o.MaxBytes + 64 * 1024;

        string id, extension;
        byte[] content;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(cancellationToken);
                var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
                if (file is null) return Problem(400, "No file", "Send the report as the form field 'file'.");
                extension = Path.GetExtension(file.FileName).ToLowerInvariant();
                if (!ReportLoader.Extensions.Contains(extension))
                    return Problem(415, "Unsupported file type", $"'{file.FileName}' is not a report file: send {string.Join(", ", ReportLoader.Extensions)}.");
                if (file.Length > o.MaxBytes) return TooLarge(o);
                var given = form["id"].ToString();
                id = given.Length > 0 ? given : Slug(Path.GetFileNameWithoutExtension(file.FileName));
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms, cancellationToken);
                content = ms.ToArray();
            }
            else if (http.Request.HasJsonContentType())
            {
                AddReportRequest? body;
                try { body = await JsonSerializer.DeserializeAsync<AddReportRequest>(http.Request.Body, JsonSerializerOptions.Web, cancellationToken); }
                catch (JsonException) { return Problem(400, "Invalid JSON", "The body must be a JSON object {\"title\", \"text\", \"id\"?, \"published\"?, \"publisher\"?}."); }
                if (body is null) return Problem(400, "Invalid JSON", "The body must be a JSON object.");
                if (string.IsNullOrWhiteSpace(body.Title)) return Problem(400, "Invalid 'title'", "'title' is required.");
                if (string.IsNullOrWhiteSpace(body.Text)) return Problem(400, "Invalid 'text'", "'text' is required.");
                if (body.Published is { Length: > 0 } p && !PublishedDate().IsMatch(p)) return Problem(400, "Invalid 'published'", "'published' must be a date such as 2026-03-04, 2026-03 or 2026.");
                id = string.IsNullOrWhiteSpace(body.Id) ? Slug(body.Title) : body.Id.Trim();
                extension = ".md";
                content = Encoding.UTF8.GetBytes(Markdown(body));
                if (content.Length > o.MaxBytes) return TooLarge(o);
            }
            else
            {
                return Problem(415, "Unsupported content type", "Send a report as multipart/form-data (field 'file') or as JSON (Content-Type: application/json) {\"title\", \"text\"}.");
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(o); }
        catch (InvalidDataException) { return TooLarge(o); }

        if (!ValidId().IsMatch(id) || id.Equals("README", StringComparison.OrdinalIgnoreCase))
            return Problem(400, "Invalid 'id'", "A report id is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit (and not README).");

        // The same checks the sync makes (encoding, binary data, front matter), so bad input is refused here with the reason.
        var folder = RepositoryPaths.Resolve(corpus.Value.Path);
        var scratch = Directory.CreateTempSubdirectory("reportbot-upload-");
        try
        {
            var checkedFile = Path.Combine(scratch.FullName, id + extension);
            await File.WriteAllBytesAsync(checkedFile, content, cancellationToken);
            try { ReportLoader.LoadFile(checkedFile); }
            catch (Exception e) when (e is InvalidDataException or IOException) { return Problem(400, "The report cannot be read", ReportLoader.ReasonOf(e)); }

            Directory.CreateDirectory(folder);
            var target = Path.Combine(folder, id + extension);
            foreach (var other in FilesOf(folder, id).Where(f => f != target)) File.Delete(other);
            var temporary = Path.Combine(folder, $".{id}.{Guid.NewGuid():N}.partial");
            File.Copy(checkedFile, temporary);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
        tracker.Record(id, Convert.ToHexStringLower(SHA256.HashData(content)));
        state.RequestSync();
        logger.LogInformation("Report {Id} added over the API ({Bytes} bytes); indexing it", id, content.Length);
        return Results.Accepted($"/api/reports/{Uri.EscapeDataString(id)}/status", tracker.StatusOf(id));
    }

    internal static IResult DeleteAsync(string id, HttpContext http, IOptions<UploadOptions> options, IOptions<CorpusOptions> corpus, UploadTracker tracker,
        CorpusState state, ILogger<UploadTracker> logger)
    {
        if (Authorize(http, options.Value) is { } denied) return denied;
        var files = ValidId().IsMatch(id) ? FilesOf(RepositoryPaths.Resolve(corpus.Value.Path), id).ToList() : [];
        if (files.Count == 0) return Problem(404, "Report not found", $"There is no report file with the id '{id}'.");
        foreach (var f in files) File.Delete(f);
        tracker.Record(id, null);
        state.RequestSync();
        logger.LogInformation("Report {Id} removed over the API", id);
        return Results.Accepted($"/api/reports/{Uri.EscapeDataString(id)}/status", tracker.StatusOf(id) ?? new ReportStatus(id, IndexingState.Removing));
    }

    /// <summary>Null when uploads are on and the request brings the key; else the 404 or 401 to answer (the key is never logged or echoed).</summary>
    private static IResult? Authorize(HttpContext http, UploadOptions o)
    {
        if (!o.Enabled || string.IsNullOrEmpty(o.ApiKey))
            return Problem(404, "Adding reports is off", "Set ReportBot:Uploads:Enabled to true and ReportBot:Uploads:ApiKey (from the environment) to add reports over the API.");
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (given.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(o.ApiKey))))
            return null;
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(401, "Unauthorized", "Adding and removing reports needs the header Authorization: Bearer <ReportBot:Uploads:ApiKey>.");
    }

    private static IEnumerable<string> FilesOf(string folder, string id) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => ReportLoader.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()) && Path.GetFileNameWithoutExtension(f) == id)
            : [];

    private static IResult TooLarge(UploadOptions o) =>
        Problem(413, "The report is too large", $"A report may be at most {o.MaxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes (ReportBot:Uploads:MaxBytes).");

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: status);

    /// <summary>A Markdown report with YAML front matter; the title is also the first line (the headline).</summary>
    internal static string Markdown(AddReportRequest r)
    {
        var sb = new StringBuilder("---\n");
        sb.Append("title: ").Append(Yaml(r.Title!)).Append('\n');
        if (!string.IsNullOrWhiteSpace(r.Publisher)) sb.Append("publisher: ").Append(Yaml(r.Publisher)).Append('\n');
        if (!string.IsNullOrWhiteSpace(r.Published)) sb.Append("published: ").Append(Yaml(r.Published)).Append('\n');
        sb.Append("---\n").Append(OneLine(r.Title!)).Append("\n\n").Append(r.Text!.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).Append('\n');
        return sb.ToString();
    }

    private static string OneLine(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Yaml(string s) => "\"" + OneLine(s).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>"Fire at Millrace Road: 3 dead" → "fire-at-millrace-road-3-dead" (at most 80 characters).</summary>
    internal static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-' && (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))) sb.Append('-');
            if (sb.Length >= 80) break;
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length > 0 ? slug : "report-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ValidId();

    [GeneratedRegex("^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    private static partial Regex PublishedDate();
}
