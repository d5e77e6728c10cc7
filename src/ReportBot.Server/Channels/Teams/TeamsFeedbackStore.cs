using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Storage;

namespace ReportBot.Server.Channels.Teams;

/// <summary>A feedback entry as stored.</summary>
public sealed record TeamsFeedback(string Conversation, string? ReplyToId, string Reaction, string? Text, string? Question, string? Answer, DateTimeOffset At);

/// <summary>
/// Teams feedback (thumbs up/down and the optional text) with the question and answer it is about, in a SQLite file under
/// the data path (<c>teams.db</c>, WAL). The bot remembers each answer it sends by the id the connector gave it, so feedback
/// on that message finds its question and answer.
/// </summary>
public sealed class TeamsFeedbackStore
{
    private readonly SqliteDatabase _db;
    private readonly TimeProvider _time;

    public TeamsFeedbackStore(IOptions<ReportBotOptions> root, TimeProvider time)
    {
        _time = time;
        _db = SqliteDatabase.InDataPath(root.Value, "teams.db", SqliteDurability.Normal, """
            CREATE TABLE IF NOT EXISTS answers (
              activity_id TEXT NOT NULL PRIMARY KEY, conversation TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, at INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS answers_conversation ON answers(conversation, at);
            CREATE TABLE IF NOT EXISTS feedback (
              id INTEGER PRIMARY KEY AUTOINCREMENT, conversation TEXT NOT NULL, reply_to_id TEXT, reaction TEXT NOT NULL,
              feedback_text TEXT, question TEXT, answer TEXT, user_id TEXT, at INTEGER NOT NULL);
            """);
    }

    /// <summary>Remembers an answer the bot sent (by the activity id the connector returned, or the inbound id when it returned none).</summary>
    public async Task RememberAnswerAsync(string activityId, string conversation, string question, string answer, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT OR REPLACE INTO answers (activity_id, conversation, question, answer, at) VALUES ($id, $c, $q, $a, $at);
            DELETE FROM answers WHERE at < $old;
            """;
        cmd.Parameters.AddWithValue("$id", activityId);
        cmd.Parameters.AddWithValue("$c", conversation);
        cmd.Parameters.AddWithValue("$q", question);
        cmd.Parameters.AddWithValue("$a", answer);
        cmd.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$old", _time.GetUtcNow().AddDays(-30).ToUnixTimeMilliseconds());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stores feedback on the answer <paramref name="replyToId"/> (or, when unknown, the conversation's latest answer).</summary>
    public async Task SaveAsync(string conversation, string? replyToId, string reaction, string? text, string? userId, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT INTO feedback (conversation, reply_to_id, reaction, feedback_text, question, answer, user_id, at)
            SELECT $c, $r, $reaction, $text, a.question, a.answer, $u, $at
            FROM (SELECT NULL) LEFT JOIN (
              SELECT question, answer FROM answers
              WHERE activity_id = $r OR (conversation = $c AND NOT EXISTS (SELECT 1 FROM answers WHERE activity_id = $r))
              ORDER BY (activity_id = $r) DESC, at DESC LIMIT 1) a;
            """;
        cmd.Parameters.AddWithValue("$c", conversation);
        cmd.Parameters.AddWithValue("$r", (object?)replyToId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$reaction", reaction);
        cmd.Parameters.AddWithValue("$text", (object?)text ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$u", (object?)userId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The feedback of a conversation, oldest first.</summary>
    public async Task<IReadOnlyList<TeamsFeedback>> ListAsync(string conversation, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT conversation, reply_to_id, reaction, feedback_text, question, answer, at FROM feedback WHERE conversation = $c ORDER BY id";
        cmd.Parameters.AddWithValue("$c", conversation);
        var list = new List<TeamsFeedback>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new TeamsFeedback(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6))));
        return list;
    }
}
