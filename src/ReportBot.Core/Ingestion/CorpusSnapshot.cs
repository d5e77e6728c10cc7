using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Ingestion;

/// <summary>The corpus as last synchronised: reports, their cleaned paragraphs, chunks and term statistics.</summary>
public sealed class CorpusSnapshot
{
    public CorpusSnapshot(IReadOnlyList<CleanedReport> reports, IReadOnlyList<Chunk> chunks, DisagreementDetector? detector = null)
    {
        Reports = reports;
        Chunks = chunks;
        ById = reports.ToDictionary(r => r.Report.Id, StringComparer.Ordinal);
        Statistics = CorpusStatistics.Build(chunks);
        Claims = reports.SelectMany(ClaimExtractor.Extract).ToList();
        Disagreements = detector is null ? [] : detector.FindAll(Claims);
    }

    public static CorpusSnapshot Empty { get; } = new([], []);

    /// <summary>Every claim of every report (extracted at ingestion).</summary>
    public IReadOnlyList<Claim> Claims { get; }

    /// <summary>Where the reports disagree: the map behind /api/disagreements and the answers' disagreement notes.</summary>
    public IReadOnlyList<CorpusDisagreement> Disagreements { get; }

    /// <summary>The chunk holding offset <paramref name="start"/> of a report, if any.</summary>
    public Chunk? ChunkAt(string reportId, int start) =>
        Chunks.FirstOrDefault(c => c.ReportId == reportId && c.Start <= start && start < c.End);

    public IReadOnlyList<CleanedReport> Reports { get; }
    public IReadOnlyList<Chunk> Chunks { get; }
    public IReadOnlyDictionary<string, CleanedReport> ById { get; }
    public CorpusStatistics Statistics { get; }
}

/// <summary>Holds the current snapshot; replaced atomically after each sync.</summary>
public sealed class CorpusState
{
    private volatile CorpusSnapshot _current = CorpusSnapshot.Empty;
    private volatile bool _indexed;

    public CorpusSnapshot Current => _current;

    /// <summary>True once a sync has completed and the index holds the corpus.</summary>
    public bool IsIndexed => _indexed;

    public void Publish(CorpusSnapshot snapshot)
    {
        _current = snapshot;
        _indexed = true;
    }
}
