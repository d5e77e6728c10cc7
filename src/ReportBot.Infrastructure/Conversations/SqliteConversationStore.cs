using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Conversations;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Storage;

namespace ReportBot.Infrastructure.Conversations;

/// <summary>
/// Conversations in a SQLite file under the data path (<c>conversations.db</c>, WAL journal so a killed process loses
/// nothing that was acknowledged). Keeps the last <see cref="ConversationOptions.MaxTurns"/> turns of each conversation and
/// forgets conversations idle longer than <see cref="ConversationOptions.ExpiryHours"/>; beyond
/// <see cref="ConversationOptions.MaxConversations"/> conversations the ones untouched the longest are forgotten (logged).
/// </summary>
public sealed class SqliteConversationStore : IConversationStore
{
    private readonly SqliteDatabase _db;
    private readonly ConversationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SqliteConversationStore(IOptions<ReportBotOptions> root, IOptions<ConversationOptions> options, TimeProvider time, ILogger<SqliteConversationStore>? logger = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _options = options.Value;
        _time = time;
        // NORMAL: a turn survives the process being killed; a power loss may cost the last turns, acceptable for a
        // conversation's history (the channels' work queue, which must not lose an acknowledged question, uses FULL).
        _db = SqliteDatabase.InDataPath(root.Value, "conversations.db", SqliteDurability.Normal, """
            CREATE TABLE IF NOT EXISTS turns (
              conversation TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, at INTEGER NOT NULL,
              PRIMARY KEY (conversation, seq));
            CREATE INDEX IF NOT EXISTS turns_at ON turns(at);
            """, """
            CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, last_at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS conversations_last_at ON conversations(last_at);
            INSERT OR IGNORE INTO conversations (id, last_at) SELECT conversation, MAX(at) FROM turns GROUP BY conversation;
            """);
    }

    public async Task<IReadOnlyList<ChatTurn>> GetHistoryAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT role, content FROM turns WHERE conversation = $c AND at >= $since ORDER BY seq";
        cmd.Parameters.AddWithValue("$c", conversationId);
        cmd.Parameters.AddWithValue("$since", Since());
        var list = new List<ChatTurn>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken)) list.Add(new ChatTurn(r.GetString(0), r.GetString(1)));
        return list;
    }

    public async Task AppendAsync(string conversationId, ChatTurn question, ChatTurn answer, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                DELETE FROM turns WHERE at < $since;
                INSERT INTO turns (conversation, seq, role, content, at)
                  SELECT $c, COALESCE(MAX(seq), 0) + 1, $r1, $t1, $now FROM turns WHERE conversation = $c;
                INSERT INTO turns (conversation, seq, role, content, at)
                  SELECT $c, MAX(seq) + 1, $r2, $t2, $now FROM turns WHERE conversation = $c;
                DELETE FROM turns WHERE conversation = $c AND seq <= (SELECT MAX(seq) FROM turns WHERE conversation = $c) - $max;
                DELETE FROM conversations WHERE last_at < $since;
                INSERT INTO conversations (id, last_at) VALUES ($c, $now) ON CONFLICT(id) DO UPDATE SET last_at = excluded.last_at;
                """;
            cmd.Parameters.AddWithValue("$c", conversationId);
            cmd.Parameters.AddWithValue("$r1", question.Role);
            cmd.Parameters.AddWithValue("$t1", question.Content);
            cmd.Parameters.AddWithValue("$r2", answer.Role);
            cmd.Parameters.AddWithValue("$t2", answer.Content);
            cmd.Parameters.AddWithValue("$now", now);
            cmd.Parameters.AddWithValue("$since", Since());
            cmd.Parameters.AddWithValue("$max", _options.MaxTurns);
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        // The overall cap: the conversations untouched the longest go first, with their turns.
        var evicted = 0;
        if (_options.MaxConversations > 0)
        {
            await using var cap = c.CreateCommand();
            cap.Transaction = tx;
            cap.CommandText = """
                CREATE TEMP TABLE IF NOT EXISTS evict (id TEXT PRIMARY KEY);
                DELETE FROM evict;
                INSERT INTO evict SELECT id FROM conversations ORDER BY last_at, id
                  LIMIT MAX(0, (SELECT COUNT(*) FROM conversations) - $cap);
                DELETE FROM turns WHERE conversation IN (SELECT id FROM evict);
                DELETE FROM conversations WHERE id IN (SELECT id FROM evict);
                SELECT COUNT(*) FROM evict;
                """;
            cap.Parameters.AddWithValue("$cap", _options.MaxConversations);
            evicted = Convert.ToInt32(await cap.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        await tx.CommitAsync(cancellationToken);
        if (evicted > 0)
            _logger.LogWarning("Conversation store full ({Max} conversations): forgot the {Evicted} conversation(s) untouched the longest", _options.MaxConversations, evicted);
    }

    private long Since() => _time.GetUtcNow().AddHours(-_options.ExpiryHours).ToUnixTimeMilliseconds();
}
