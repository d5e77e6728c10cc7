namespace ReportBot.Infrastructure.Hosting;

/// <summary>
/// The data folder is used by another ReportBot process (a running server, or another command) that started its own
/// Qdrant on it: two Qdrants cannot share one storage folder.
/// </summary>
public sealed class DataFolderInUseException(string dataPath)
    : Exception($"The data folder {dataPath} is in use by another ReportBot (a running server or command). " +
                "Stop it, pass --data FOLDER to use a folder of its own, or ask the running server with --endpoint http://127.0.0.1:5000.")
{
    /// <summary>The folder in use.</summary>
    public string DataPath { get; } = dataPath;
}

/// <summary>
/// An exclusive lock on a data folder, held while this process runs its own Qdrant there (an OS file lock: it goes with
/// the process, so a crash never leaves the folder locked).
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private const string FileName = "reportbot.lock";
    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock on <paramref name="dataPath"/>, or throws <see cref="DataFolderInUseException"/>.</summary>
    public static DataFolderLock Acquire(string dataPath)
    {
        Directory.CreateDirectory(dataPath);
        try
        {
            var file = new FileStream(Path.Combine(dataPath, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true)) writer.Write(Environment.ProcessId);
            file.Flush();
            return new DataFolderLock(file);
        }
        catch (IOException)
        {
            throw new DataFolderInUseException(dataPath);
        }
    }

    public void Dispose() => _file.Dispose();
}
