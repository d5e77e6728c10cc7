namespace ReportBot.Server.Uploads;

/// <summary>Adding and removing reports over the API and the page. Section <c>ReportBot:Uploads</c>. Off by default.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "ReportBot:Uploads";

    /// <summary>
    /// True turns on <c>POST /api/reports</c>, <c>DELETE /api/reports/{id}</c> and the page's "Add reports" view. Default false.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The key a request must bring as <c>Authorization: Bearer KEY</c> (at least 16 characters; required when enabled). Set it
    /// from the environment (<c>ReportBot__Uploads__ApiKey</c>) or user secrets, never in a file; it is never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest report accepted, in bytes (the file, or the JSON text). Default 1 MiB.</summary>
    public long MaxBytes { get; set; } = 1024 * 1024;
}
