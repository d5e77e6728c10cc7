using ReportBot.Core.Claims;
using ReportBot.Core.Corpus;
using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Ingestion;

/// <summary>The corpus as last synchronised: reports, their cleaned paragraphs, chunks and term statistics.</summary>
public sealed class CorpusSnapshot
{
    public CorpusSnapshot(IReadOnlyList<CleanedReport> reports, IReadOnlyList<Chunk> chunks, DisagreementDetector? detector = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        // Extraction reads each report alone (pure, regex-based): spread over the cores, in report order.
        // Only the claims that take part in a disagreement are kept (through Disagreements): answers read figures from their
        // evidence sentences themselves, so holding every claim (~800 bytes each, 290,000 at 100k chunks) bought nothing.
        // A report whose extraction fails is left out of the snapshot (and listed in FailedReports); the others stay.
        var extracted = reports.AsParallel().AsOrdered().Select(r =>
        {
            try { return (Report: r, Claims: ClaimExtractor.Extract(ForClaims(r)).ToList(), Error: (string?)null); }
            catch (Exception e) when (e is not OutOfMemoryException) { return (Report: r, Claims: new List<Claim>(), Error: ReportLoader.ReasonOf(e)); }
        }).ToList();
        if (extracted.Any(x => x.Error is not null))
        {
            FailedReports = extracted.Where(x => x.Error is not null).Select(x => (x.Report, x.Error!)).ToList();
            var failed = FailedReports.Select(f => f.Report.Report.Id).ToHashSet(StringComparer.Ordinal);
            reports = extracted.Where(x => x.Error is null).Select(x => x.Report).ToList();
            chunks = chunks.Where(c => !failed.Contains(c.ReportId)).ToList();
        }
        var claims = extracted.SelectMany(x => x.Claims).ToList();
        Reports = reports;
        Chunks = chunks;
        _chunksByReport = chunks.GroupBy(c => c.ReportId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => c.Start).ToArray(), StringComparer.Ordinal);
        ById = reports.ToDictionary(r => r.Report.Id, StringComparer.Ordinal);
        Statistics = CorpusStatistics.Build(chunks);
        ClaimCount = claims.Count;
        ClaimExtractionTime = sw.Elapsed;
        sw.Restart();
        Disagreements = detector is null ? [] : detector.FindAll(claims);
        DisagreementTime = sw.Elapsed;
        for (var i = 0; i < Disagreements.Count; i++)
            foreach (var c in Disagreements[i].Claims)
            {
                if (!_disagreementsAt.TryGetValue((c.ReportId, c.Start), out var list)) _disagreementsAt[(c.ReportId, c.Start)] = list = [];
                if (list.Count == 0 || list[^1] != i) list.Add(i);
            }
        var dated = reports.Where(r => r.Report.Metadata.Published is not null).OrderBy(r => r.Report.Metadata.Published, StringComparer.Ordinal).ToList();
        for (var i = 0; i < dated.Count; i++) _dateRanks[dated[i].Report.Id] = dated.Count == 1 ? 1 : (double)i / (dated.Count - 1);
    }

    /// <summary>
    /// Paragraphs longer than this are indexed but not read for claims. No news paragraph comes near it (a table, a list
    /// or a dump does), and extraction compares the figures of a sentence with each other: a 300,000-character line of
    /// 30,000 figures took 40 s.
    /// </summary>
    public const int MaxClaimParagraphChars = 10_000;

    private static CleanedReport ForClaims(CleanedReport report) =>
        report.Paragraphs.All(p => p.Length <= MaxClaimParagraphChars) ? report
            : report with { Paragraphs = report.Paragraphs.Where(p => p.Length <= MaxClaimParagraphChars).ToList(), HeadlineParagraph = Shifted(report) };

    private static int Shifted(CleanedReport report)
    {
        if (report.HeadlineParagraph < 0 || report.Paragraphs[report.HeadlineParagraph].Length > MaxClaimParagraphChars) return -1;
        return report.Paragraphs.Take(report.HeadlineParagraph).Count(p => p.Length <= MaxClaimParagraphChars);
    }

    private readonly Dictionary<(string ReportId, int Start), List<int>> _disagreementsAt = [];
    private readonly Dictionary<string, double> _dateRanks = new(StringComparer.Ordinal);

    /// <summary>
    /// The disagreements with a claim in the sentence of <paramref name="reportId"/> starting at <paramref name="start"/>,
    /// as indexes into <see cref="Disagreements"/> in ascending order (looked up, not searched: answers ask per sentence).
    /// </summary>
    public IReadOnlyList<int> DisagreementsAt(string reportId, int start) =>
        _disagreementsAt.TryGetValue((reportId, start), out var list) ? list : [];

    /// <summary>Each dated report's position between the oldest (0) and the newest (1) report.</summary>
    public IReadOnlyDictionary<string, double> DateRanks => _dateRanks;

    private readonly Dictionary<string, Chunk[]> _chunksByReport;

    public static CorpusSnapshot Empty { get; } = new([], []);

    /// <summary>How long extracting the claims took (for the benchmark's breakdown).</summary>
    public TimeSpan ClaimExtractionTime { get; }

    /// <summary>How long finding the disagreements took (for the benchmark's breakdown).</summary>
    public TimeSpan DisagreementTime { get; }

    /// <summary>How many claims the reports hold (extracted at ingestion; those in a disagreement are kept in <see cref="Disagreements"/>).</summary>
    public int ClaimCount { get; }

    /// <summary>Where the reports disagree: the map behind /api/disagreements and the answers' disagreement notes.</summary>
    public IReadOnlyList<CorpusDisagreement> Disagreements { get; }

    /// <summary>The chunk holding offset <paramref name="start"/> of a report, if any.</summary>
    /// <remarks>A binary search in the report's chunks (ordered by start; chunks never overlap).</remarks>
    public Chunk? ChunkAt(string reportId, int start) =>
        _chunksByReport.TryGetValue(reportId, out var chunks) && IndexAt(chunks, start) is var i and >= 0 ? chunks[i] : null;

    /// <summary>The index of the chunk holding <paramref name="start"/> in a report's chunks (ordered by start), or -1.</summary>
    private static int IndexAt(Chunk[] chunks, int start)
    {
        int lo = 0, hi = chunks.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = chunks[mid];
            if (start < c.Start) hi = mid - 1;
            else if (start >= c.End) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    /// <summary>Characters of a report's first chunk that make its opening when it has no headline (about a first line).</summary>
    private const int OpeningChars = 160;

    /// <summary>A report's opening: its headline, else the start of its first chunk (an encyclopedia page's first line names its subject).</summary>
    public string? OpeningOf(string reportId)
    {
        if (HeadlineOf(reportId) is { } headline) return headline.Text;
        if (!_chunksByReport.TryGetValue(reportId, out var chunks) || chunks.Length == 0) return null;
        var text = chunks[0].Text;
        return text.Length <= OpeningChars ? text : text[..OpeningChars];
    }

    /// <summary>A report's headline chunk, if it has one.</summary>
    public Chunk? HeadlineOf(string reportId) =>
        _chunksByReport.TryGetValue(reportId, out var chunks) ? Array.Find(chunks, c => c.IsHeadline) : null;

    /// <summary>The chunk of a report that ends last at or before offset <paramref name="start"/>, if any.</summary>
    public Chunk? ChunkBefore(string reportId, int start)
    {
        if (!_chunksByReport.TryGetValue(reportId, out var chunks)) return null;
        int lo = 0, hi = chunks.Length - 1;
        Chunk? found = null;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (chunks[mid].End <= start) { found = chunks[mid]; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>Most words of a line that can be an item of a list of lines (an HTML list, a notice's bulleted lines).</summary>
    public const int MaxListLineWords = 10;

    /// <summary>
    /// The list of lines around the chunk at <paramref name="start"/>: consecutive short paragraphs of the report, each a line
    /// of at most <see cref="MaxListLineWords"/> words that ends no sentence and opens nothing (no ":" or "?" at its end),
    /// with nothing but white space between them ("St Oswin's Church Hall, Church Walk" / "Carrow Bridge Community Centre,
    /// Ferry Road" / …). Its span in the report's text; null when the chunk is not one of at least two such lines.
    /// </summary>
    public (int Start, int End)? ListRunAt(string reportId, int start)
    {
        if (!_chunksByReport.TryGetValue(reportId, out var chunks) || !ById.TryGetValue(reportId, out var report)) return null;
        var text = report.Report.Text;
        var i = IndexAt(chunks, start);
        if (i < 0 || !IsListLine(chunks[i])) return null;
        var (first, last) = (i, i);
        while (first > 0 && IsListLine(chunks[first - 1]) && text.AsSpan(chunks[first - 1].End, chunks[first].Start - chunks[first - 1].End).IsWhiteSpace()) first--;
        while (last + 1 < chunks.Length && IsListLine(chunks[last + 1]) && text.AsSpan(chunks[last].End, chunks[last + 1].Start - chunks[last].End).IsWhiteSpace()) last++;
        return last > first ? (chunks[first].Start, chunks[last].End) : null;

        static bool IsListLine(Chunk c)
        {
            if (c.IsHeadline) return false;
            var t = c.Text.Trim();
            if (t.Length == 0 || t.Contains('\n') || t[^1] is '.' or '!' or '?' or ':' or ';') return false;
            return t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxListLineWords;
        }
    }

    /// <summary>The chunks of a report in index order, or null when the snapshot does not hold it.</summary>
    public IReadOnlyList<Chunk>? ChunksOf(string reportId) =>
        _chunksByReport.TryGetValue(reportId, out var chunks) ? chunks.OrderBy(c => c.Index).ToArray() : null;

    /// <summary>Reports whose claim extraction failed, with the reason; they are not part of this snapshot.</summary>
    public IReadOnlyList<(CleanedReport Report, string Reason)> FailedReports { get; } = [];

    public IReadOnlyList<CleanedReport> Reports { get; }
    public IReadOnlyList<Chunk> Chunks { get; }
    public IReadOnlyDictionary<string, CleanedReport> ById { get; }
    public CorpusStatistics Statistics { get; }

    /// <summary>
    /// Whether the corpus uses <paramref name="stem"/> at all: in a report's text, or in its title or publisher (a question
    /// may name an outlet, "the GDC article", that only the report's metadata names).
    /// </summary>
    public bool Knows(string stem) => Statistics.Contains(stem) || (_metadataStems ??= Reports
        .SelectMany(r => Text.Terms.Of($"{r.Report.Metadata.Title} {r.Report.Metadata.Publisher}").Select(t => t.Stem))
        .ToHashSet(StringComparer.Ordinal)).Contains(stem);
    private HashSet<string>? _metadataStems;
}

/// <summary>Holds the current snapshot; replaced atomically after each sync.</summary>
public sealed class CorpusState
{
    private volatile CorpusSnapshot _current = CorpusSnapshot.Empty;
    private volatile bool _indexed;
    private readonly TaskCompletionSource _whenIndexed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CorpusSnapshot Current => _current;

    /// <summary>True once a sync has completed and the index holds the corpus.</summary>
    public bool IsIndexed => _indexed;

    /// <summary>Completes when <see cref="IsIndexed"/> first becomes true.</summary>
    public Task WhenIndexed => _whenIndexed.Task;

    private volatile IReadOnlyList<SkippedReport> _skipped = [];
    private readonly SemaphoreSlim _syncRequested = new(0, 1);

    /// <summary>Asks the background sync to run now (a report was added or removed); several requests make one sync.</summary>
    public void RequestSync()
    {
        try { _syncRequested.Release(); }
        catch (SemaphoreFullException) { /* one is pending already */ }
    }

    /// <summary>Waits until <see cref="RequestSync"/> is called or <paramref name="delay"/> passes.</summary>
    public async Task WaitForSyncRequestAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        await _syncRequested.WaitAsync(delay < TimeSpan.Zero ? Timeout.InfiniteTimeSpan : delay, cancellationToken);

    /// <summary>Report files the last sync left out, with the reason (the other reports are indexed).</summary>
    public IReadOnlyList<SkippedReport> Skipped => _skipped;

    public void Publish(CorpusSnapshot snapshot, IReadOnlyList<SkippedReport>? skipped = null)
    {
        _current = snapshot;
        _skipped = skipped ?? [];
        _indexed = true;
        _whenIndexed.TrySetResult();
    }
}
