using Microsoft.Data.Sqlite;
using ReportBot.Infrastructure.Hosting;

namespace ReportBot.Infrastructure.Storage;

/// <summary>How long a commit waits for the disk (<c>PRAGMA synchronous</c>; the journal is always WAL).</summary>
public enum SqliteDurability
{
    /// <summary><c>synchronous=NORMAL</c>: a commit survives the process being killed (it is in the WAL, handed to the
    /// operating system), but the last commits may be lost if the machine loses power. No fsync per commit.</summary>
    Normal,

    /// <summary><c>synchronous=FULL</c>: the WAL is fsynced at every commit, so a commit survives a power loss too.</summary>
    Full,
}

/// <summary>
/// One SQLite file under the data path, opened the same way by every store that keeps state there (conversations,
/// Teams feedback, the channels' work queue): WAL journal, a busy timeout so concurrent writers wait instead of failing,
/// the store's <see cref="SqliteDurability"/>, and its schema brought up to date at first open (numbered migrations,
/// tracked in <c>PRAGMA user_version</c>).
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    /// <param name="path">The database file (its folder is created).</param>
    /// <param name="durability">What a commit waits for.</param>
    /// <param name="migrations">Schema scripts in order; script <c>i</c> runs once, when <c>user_version</c> is below <c>i + 1</c>.
    /// Write them idempotent (<c>IF NOT EXISTS</c>) so a file made before versioning is brought up to date too.</param>
    public SqliteDatabase(string path, SqliteDurability durability, params string[] migrations)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        _pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=" + (durability == SqliteDurability.Full ? "FULL;" : "NORMAL;");
        using var c = Open();
        Execute(c, "PRAGMA journal_mode=WAL;");
        Migrate(c, migrations);
    }

    /// <summary>A database file <paramref name="fileName"/> in the data path of <paramref name="root"/>.</summary>
    public static SqliteDatabase InDataPath(ReportBotOptions root, string fileName, SqliteDurability durability, params string[] migrations) =>
        new(System.IO.Path.Combine(RepositoryPaths.Resolve(root.DataPath), fileName), durability, migrations);

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>An open connection with the pragmas set (connections are pooled; dispose it when done).</summary>
    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, _pragmas);
        return c;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) on <paramref name="connection"/>.</summary>
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void Migrate(SqliteConnection c, string[] migrations)
    {
        // BEGIN IMMEDIATE: two processes opening the same file migrate one after the other.
        using var tx = c.BeginTransaction(deferred: false);
        long version;
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "PRAGMA user_version";
            version = (long)cmd.ExecuteScalar()!;
        }
        for (var i = (int)version; i < migrations.Length; i++)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = migrations[i] + $";\nPRAGMA user_version={i + 1};";
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }
}
