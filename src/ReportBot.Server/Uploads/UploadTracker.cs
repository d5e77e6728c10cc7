using System.Collections.Concurrent;
using ReportBot.Core.Ingestion;

namespace ReportBot.Server.Uploads;

/// <summary>Where a report added or removed over the API stands.</summary>
public enum IndexingState
{
    /// <summary>Written to the corpus folder; the sync has not taken it in yet.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("queued")]
    Queued,

    /// <summary>Indexed: questions are answered from it.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("indexed")]
    Indexed,

    /// <summary>Left out of the index; <see cref="ReportStatus.Reason"/> says why.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>Deleted from the folder; the sync has not taken it out yet.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("removing")]
    Removing,
}

/// <summary>Body of <c>GET /api/reports/{id}/status</c> and of the add and delete requests.</summary>
/// <param name="Id">Report id.</param>
/// <param name="Status">queued, indexed, skipped or removing.</param>
/// <param name="Title">The report's title once indexed.</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record ReportStatus(string Id, [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<IndexingState>))] IndexingState Status, string? Title = null, string? Reason = null);

/// <summary>Remembers what the API wrote to the corpus folder, to tell "queued" from "indexed" and "skipped".</summary>
public sealed class UploadTracker(CorpusState corpus)
{
    private readonly ConcurrentDictionary<string, string?> _pending = new(StringComparer.Ordinal);

    /// <summary>A report was written with these bytes (their SHA-256), or deleted (null).</summary>
    public void Record(string id, string? contentHash) => _pending[id] = contentHash;

    /// <summary>The status of a report, or null when there is no such report.</summary>
    public ReportStatus? StatusOf(string id)
    {
        var snapshot = corpus.Current;
        var indexed = snapshot.ById.GetValueOrDefault(id);
        var skipped = corpus.Skipped.FirstOrDefault(s => s.ReportId == id);
        if (_pending.TryGetValue(id, out var hash))
        {
            if (hash is null) return indexed is null ? null : new ReportStatus(id, IndexingState.Removing, indexed.Report.Metadata.Title);
            if (indexed?.Report.ContentHash == hash) return new ReportStatus(id, IndexingState.Indexed, indexed.Report.Metadata.Title);
            if (skipped is not null && skipped.ContentHash == hash) return new ReportStatus(id, IndexingState.Skipped, Reason: skipped.Reason);
            return new ReportStatus(id, IndexingState.Queued);
        }
        if (indexed is not null) return new ReportStatus(id, IndexingState.Indexed, indexed.Report.Metadata.Title);
        return skipped is null ? null : new ReportStatus(id, IndexingState.Skipped, Reason: skipped.Reason);
    }
}
