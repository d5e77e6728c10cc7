namespace ReportBot.Cli.Bench;

/// <summary>Everything measured for one corpus in one benchmark run (times in ms, memory in MB).</summary>
internal sealed class BenchRun
{
    public required string Name { get; init; }
    public int Reports { get; set; }
    public int Chunks { get; set; }
    public double LoadMs { get; set; }
    public double CleanMs { get; set; }
    public double ChunkMs { get; set; }
    public double EmbedMs { get; set; }
    public double UpsertMs { get; set; }
    public double SnapshotMs { get; set; }
    public double IngestMs { get; set; }
    public double ClaimsMs { get; set; }
    public double DisagreementsMs { get; set; }
    public int Claims { get; set; }
    public int Disagreements { get; set; }
    public double ResyncMs { get; set; }
    public List<double> Floor { get; set; } = [];
    public List<double> Empty { get; set; } = [];
    public List<double> Chat { get; set; } = [];
    public int ChatErrors { get; set; }
    public LoadResult? EmptyLoad { get; set; }
    public LoadResult? ChatLoad { get; set; }
    public double StartupMs { get; set; }
    public double RssReadyMb { get; set; }
    public double PeakRssMb { get; set; }

    /// <summary>Server-side milliseconds of each answering step (from the <c>Server-Timing</c> header), per request.</summary>
    public Dictionary<string, List<double>> Stages { get; } = new(StringComparer.Ordinal);

    /// <summary>Mean milliseconds of each answering step, in the order the server reports them.</summary>
    public IEnumerable<KeyValuePair<string, double>> StageMeans => Stages.Select(s => KeyValuePair.Create(s.Key, s.Value.Average()));

    /// <summary>Adds one <c>Server-Timing</c> header ("understand;dur=0.120, expand;dur=...").</summary>
    public void AddStages(string header)
    {
        foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(";dur=");
            if (pieces.Length != 2 || !double.TryParse(pieces[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms)) continue;
            if (!Stages.TryGetValue(pieces[0], out var list)) Stages[pieces[0]] = list = [];
            list.Add(ms);
        }
    }

    /// <summary>End-to-end ingestion throughput.</summary>
    public double ChunksPerSecond => Chunks / Math.Max(IngestMs / 1000, 1e-9);

    /// <summary>Nearest-rank quantile of sorted values.</summary>
    public static double P(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
