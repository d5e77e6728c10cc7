namespace ReportBot.Infrastructure.Hosting;

/// <summary>Top-level settings. Section <c>ReportBot</c>.</summary>
public sealed class ReportBotOptions
{
    public const string SectionName = "ReportBot";

    /// <summary>Folder for all local state: Qdrant storage, caches, SQLite stores. Relative paths resolve against the repository root. Default <c>.data</c>.</summary>
    public string DataPath { get; set; } = ".data";

    /// <summary>Re-sync the corpus folder every this many seconds (0 = only at start). Picks up added, changed and deleted reports and repairs an index that lost data. Default 60.</summary>
    public int SyncIntervalSeconds { get; set; } = 60;
}

/// <summary>Resolves paths from configuration: absolute paths as they are, relative ones against the repository root
/// (the folder holding ReportBot.sln, found from the working directory or the application folder), else the working directory.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(RepositoryRoot, path));

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ReportBot.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
