using ReportBot.Core.Corpus;
using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Ingestion;

/// <summary>The corpus as last synchronised: reports, their cleaned paragraphs, chunks and term statistics.</summary>
public sealed class CorpusSnapshot
{
    public CorpusSnapshot(IReadOnlyList<CleanedReport> reports, IReadOnlyList<Chunk> chunks)
    {
        Reports = reports;
        Chunks = chunks;
        ById = reports.ToDictionary(r => r.Report.Id, StringComparer.Ordinal);
        Statistics = CorpusStatistics.Build(chunks);
    }

    public static CorpusSnapshot Empty { get; } = new([], []);

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
