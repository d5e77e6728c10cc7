using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.Storage;

namespace ReportBot.Infrastructure.Queues;

/// <summary>An item a worker has claimed.</summary>
/// <param name="Id">Row id (order of arrival).</param>
/// <param name="Payload">What the endpoint stored (the channel's JSON).</param>
/// <param name="Attempt">1 for the first attempt; counts the claims, including those of a process that was killed.</param>
/// <param name="EnqueuedAt">When the endpoint acknowledged it.</param>
public sealed record WorkItem(long Id, string Payload, int Attempt, DateTimeOffset EnqueuedAt);

/// <summary>What became of a claimed item.</summary>
public enum WorkOutcome
{
    /// <summary>Answered, or definitively given up (the reply could not be delivered after the retries): removed.</summary>
    Done,

    /// <summary>Handling failed: tried again shortly, until <see cref="WorkQueueOptions.MaxAttempts"/>, then dropped.</summary>
    Failed,

    /// <summary>The host stopped first: the item goes back to the queue, the attempt not counted, and is answered after the restart.</summary>
    Interrupted,
}

/// <summary>
/// A bounded work queue in SQLite (<c>{DataPath}/queue.db</c>, one table shared by the channels, each under its own name),
/// between an endpoint that acknowledges a request and the workers that answer it. An item is committed to disk before
/// <see cref="TryEnqueueAsync"/> returns, so what the endpoint acknowledged survives the process being killed. A worker
/// claims an item with a lease it renews while it works; the item is deleted only when the worker is done with it
/// (<see cref="WorkOutcome.Done"/>), so an item whose worker died is claimed again once its lease expires. Poison items
/// (<see cref="WorkQueueOptions.MaxAttempts"/>) and stale ones (<see cref="WorkQueueOptions.MaxAgeMinutes"/>) are dropped
/// with a log line. Workers wait on an in-memory signal (set by every enqueue of this process), not by polling; they look
/// at the table again by themselves only when a lease or a retry delay they know of runs out, and at most once per lease.
/// The payload is never logged (it may hold a capability URL, such as a Slack <c>response_url</c>).
/// </summary>
public sealed class DurableWorkQueue : IDisposable
{
    /// <summary>The database file, under the data path.</summary>
    public const string FileName = "queue.db";

    /// <summary>Delay before a failed item is tried again, times its attempt number.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS items (
          id INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, payload TEXT NOT NULL, enqueued_at INTEGER NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, lease_until INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS items_queue ON items(queue, lease_until, id);
        """;

    private readonly SqliteDatabase _db;
    private readonly WorkQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _work = new(0);
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closed;

    /// <param name="database">The queue's database (see <see cref="OpenDatabase"/>).</param>
    /// <param name="name">The queue's name in the table (one per channel).</param>
    /// <param name="capacity">Most items waiting (not counting those being worked on).</param>
    /// <param name="options">Attempts, age and lease.</param>
    /// <param name="time">The clock of the stored times.</param>
    /// <param name="logger">Where dropped items are reported.</param>
    public DurableWorkQueue(SqliteDatabase database, string name, int capacity, WorkQueueOptions options, TimeProvider time, ILogger logger)
    {
        _db = database;
        Name = name;
        Capacity = Math.Max(1, capacity);
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>A queue in <c>{DataPath}/queue.db</c>.</summary>
    public static DurableWorkQueue InDataPath(ReportBotOptions root, string name, int capacity, WorkQueueOptions options, TimeProvider time, ILogger logger) =>
        new(OpenDatabase(Path.Combine(RepositoryPaths.Resolve(root.DataPath), FileName)), name, capacity, options, time, logger);

    /// <summary>
    /// Opens (and creates) a queue database. Durability FULL: the WAL is fsynced before a commit returns, because the
    /// endpoint acknowledges as soon as the item is committed and "acknowledged" must mean "kept", across a power loss
    /// too, not only a killed process (NORMAL would survive SIGKILL but may lose the last commits on a power cut). It costs
    /// one fsync per enqueue and per completion, far below the channels' acknowledgement budgets (3 s Slack, 15 s Teams).
    /// </summary>
    public static SqliteDatabase OpenDatabase(string path) => new(path, SqliteDurability.Full, Schema);

    /// <summary>The queue's name in the table.</summary>
    public string Name { get; }

    /// <summary>Most items waiting.</summary>
    public int Capacity { get; }

    /// <summary>True once <see cref="Close"/> was called: nothing more is accepted.</summary>
    public bool IsClosed => _closed;

    private TimeSpan Lease => TimeSpan.FromSeconds(_options.LeaseSeconds);

    private TimeSpan MaxAge => TimeSpan.FromMinutes(_options.MaxAgeMinutes);

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Stores an item, committed to disk when this returns true. When <see cref="Capacity"/> items are waiting, waits at most
    /// <paramref name="maxWait"/> for room; false when there was none, or when the queue is closed.
    /// </summary>
    public async Task<bool> TryEnqueueAsync(string payload, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (true)
        {
            // Taken before trying, so that room made in between is not missed.
            var room = Volatile.Read(ref _room).Task;
            if (_closed) return false;
            if (await TryInsertAsync(payload, cancellationToken))
            {
                _work.Release();
                return true;
            }
            var left = maxWait - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) return false;
            try { await room.WaitAsync(left, _time, cancellationToken); }
            catch (TimeoutException) { return false; }
        }
    }

    private async Task<bool> TryInsertAsync(string payload, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        // One statement, so the capacity check and the insert are one transaction.
        cmd.CommandText = """
            INSERT INTO items (queue, payload, enqueued_at)
            SELECT $q, $p, $now WHERE (SELECT COUNT(*) FROM items WHERE queue = $q AND lease_until <= $now) < $capacity
            """;
        cmd.Parameters.AddWithValue("$q", Name);
        cmd.Parameters.AddWithValue("$p", payload);
        cmd.Parameters.AddWithValue("$now", Now);
        cmd.Parameters.AddWithValue("$capacity", Capacity);
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Accepts nothing more (the host is stopping); what is stored stays and can still be claimed.</summary>
    public void Close()
    {
        _closed = true;
        PulseRoom();
    }

    /// <summary>
    /// Claims the oldest waiting item (or one whose lease ran out) for <see cref="WorkQueueOptions.LeaseSeconds"/>; null when
    /// there is none. Items past <see cref="WorkQueueOptions.MaxAttempts"/> or <see cref="WorkQueueOptions.MaxAgeMinutes"/> are
    /// dropped on the way, with a log line.
    /// </summary>
    public async Task<WorkItem?> TryClaimAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            WorkItem? item = null;
            var now = Now;
            await using (var c = _db.Open())
            await using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = """
                    UPDATE items SET lease_until = $until, attempts = attempts + 1
                    WHERE id = (SELECT id FROM items WHERE queue = $q AND lease_until <= $now ORDER BY id LIMIT 1)
                    RETURNING id, payload, attempts, enqueued_at
                    """;
                cmd.Parameters.AddWithValue("$q", Name);
                cmd.Parameters.AddWithValue("$now", now);
                cmd.Parameters.AddWithValue("$until", now + (long)Lease.TotalMilliseconds);
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
                if (await r.ReadAsync(cancellationToken))
                    item = new WorkItem(r.GetInt64(0), r.GetString(1), r.GetInt32(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)));
            }
            if (item is null) return null;
            PulseRoom();
            if (item.Attempt > _options.MaxAttempts)
            {
                // Its last attempt never finished (the process died during it, more than once).
                await DeleteAsync(item.Id);
                _logger.LogError("Queue {Queue}: dropped item {Id} after {Attempts} attempts that did not finish (poison)", Name, item.Id, item.Attempt - 1);
                continue;
            }
            var age = _time.GetUtcNow() - item.EnqueuedAt;
            if (age > MaxAge)
            {
                await DeleteAsync(item.Id);
                _logger.LogWarning("Queue {Queue}: dropped item {Id}, {Minutes:F0} minutes old (older than {MaxAge} minutes: too late to answer)", Name, item.Id, age.TotalMinutes, _options.MaxAgeMinutes);
                continue;
            }
            return item;
        }
    }

    /// <summary>Extends the lease of an item being worked on.</summary>
    public async Task RenewAsync(long id, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE items SET lease_until = $until WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$until", Now + (long)Lease.TotalMilliseconds);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Settles a claimed item: removed (<see cref="WorkOutcome.Done"/>), tried again later or dropped as poison
    /// (<see cref="WorkOutcome.Failed"/>), or put back without counting the attempt (<see cref="WorkOutcome.Interrupted"/>).</summary>
    public async Task SettleAsync(WorkItem item, WorkOutcome outcome)
    {
        switch (outcome)
        {
            case WorkOutcome.Done:
                await DeleteAsync(item.Id);
                break;
            case WorkOutcome.Failed when item.Attempt >= _options.MaxAttempts:
                await DeleteAsync(item.Id);
                _logger.LogError("Queue {Queue}: dropped item {Id} after {Attempts} failed attempts (poison)", Name, item.Id, item.Attempt);
                break;
            case WorkOutcome.Failed:
                await UpdateAsync(item.Id, "lease_until = $at", Now + (long)(RetryDelay.TotalMilliseconds * item.Attempt));
                break;
            default:
                await UpdateAsync(item.Id, "lease_until = $at, attempts = MAX(attempts - 1, 0)", 0);
                _work.Release();
                break;
        }
    }

    /// <summary>Items of this queue: those waiting (<paramref name="waitingOnly"/>) or all, including those being worked on.</summary>
    public async Task<int> CountAsync(bool waitingOnly, CancellationToken cancellationToken)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM items WHERE queue = $q" + (waitingOnly ? " AND lease_until <= $now" : "");
        cmd.Parameters.AddWithValue("$q", Name);
        cmd.Parameters.AddWithValue("$now", Now);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// At start-up: drops the items older than <see cref="WorkQueueOptions.MaxAgeMinutes"/> (with a log line) and says how
    /// many items left by the previous process will be answered. Returns that number.
    /// </summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        int dropped;
        await using (var c = _db.Open())
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DELETE FROM items WHERE queue = $q AND enqueued_at < $oldest";
            cmd.Parameters.AddWithValue("$q", Name);
            cmd.Parameters.AddWithValue("$oldest", (_time.GetUtcNow() - MaxAge).ToUnixTimeMilliseconds());
            dropped = await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        if (dropped > 0)
            _logger.LogWarning("Queue {Queue}: dropped {Count} items left from before the start, older than {MaxAge} minutes (too late to answer)", Name, dropped, _options.MaxAgeMinutes);
        var left = await CountAsync(waitingOnly: false, cancellationToken);
        if (left > 0)
        {
            _logger.LogInformation("Queue {Queue}: {Count} items left from before the start will be answered", Name, left);
            _work.Release();
        }
        return left;
    }

    /// <summary>
    /// Waits until an item may be there to claim: an enqueue of this process, or the end of the nearest lease or retry delay
    /// in the table (at most one lease, for items another process may have added). Returns early when
    /// <paramref name="cancellationToken"/> is cancelled; never throws for that.
    /// </summary>
    public async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        var wait = Lease;
        try
        {
            await using var c = _db.Open();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT MIN(lease_until) FROM items WHERE queue = $q AND lease_until > $now";
            cmd.Parameters.AddWithValue("$q", Name);
            cmd.Parameters.AddWithValue("$now", Now);
            if (await cmd.ExecuteScalarAsync(cancellationToken) is long next)
                wait = TimeSpan.FromMilliseconds(Math.Clamp(next - Now + 10, 10, (long)Lease.TotalMilliseconds));
        }
        catch (SqliteException e)
        {
            _logger.LogError(e, "Queue {Queue}: the queue database failed; trying again in a second", Name);
            wait = TimeSpan.FromSeconds(1);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        try
        {
            await _work.WaitAsync(wait, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One worker: claims items and hands them to <paramref name="handle"/> until <paramref name="stopping"/> is cancelled
    /// and nothing is left to claim (so a stopping host still answers what is queued), or <paramref name="abort"/> is
    /// cancelled (the host's shutdown timeout is over: what is in hand goes back to the queue). Never throws.
    /// </summary>
    public async Task RunWorkerAsync(Func<WorkItem, CancellationToken, Task<WorkOutcome>> handle, CancellationToken stopping, CancellationToken abort)
    {
        while (!abort.IsCancellationRequested)
        {
            WorkItem? item;
            try
            {
                item = await TryClaimAsync(CancellationToken.None);
            }
            catch (SqliteException e)
            {
                _logger.LogError(e, "Queue {Queue}: the queue database failed; trying again in a second", Name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), _time, abort); } catch (OperationCanceledException) { }
                continue;
            }
            if (item is null)
            {
                if (stopping.IsCancellationRequested) return;
                await WaitForWorkAsync(stopping);
                continue;
            }
            // There may be more: let another worker look (it waits again if there is none).
            _work.Release();
            await WorkOnAsync(item, handle, abort);
        }
    }

    private async Task WorkOnAsync(WorkItem item, Func<WorkItem, CancellationToken, Task<WorkOutcome>> handle, CancellationToken abort)
    {
        WorkOutcome outcome;
        using (var working = new CancellationTokenSource())
        {
            var renewing = RenewWhileAsync(item.Id, working.Token);
            try
            {
                outcome = await handle(item, abort);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                outcome = WorkOutcome.Interrupted;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Queue {Queue}: handling item {Id} failed (attempt {Attempt} of {MaxAttempts})", Name, item.Id, item.Attempt, _options.MaxAttempts);
                outcome = WorkOutcome.Failed;
            }
            await working.CancelAsync();
            await renewing;
        }
        try
        {
            await SettleAsync(item, outcome);
        }
        catch (SqliteException e)
        {
            // The lease runs out and the item is claimed again: delivered at least once, never lost.
            _logger.LogError(e, "Queue {Queue}: could not settle item {Id} ({Outcome})", Name, item.Id, outcome);
        }
    }

    private async Task RenewWhileAsync(long id, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Lease / 3, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await RenewAsync(id, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
        }
        catch (SqliteException e)
        {
            _logger.LogWarning("Queue {Queue}: could not renew the lease of item {Id} ({Message})", Name, id, e.Message);
        }
    }

    private async Task DeleteAsync(long id)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM items WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        await cmd.ExecuteNonQueryAsync();
        PulseRoom();
    }

    private async Task UpdateAsync(long id, string set, long at)
    {
        await using var c = _db.Open();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"UPDATE items SET {set} WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$at", at);
        await cmd.ExecuteNonQueryAsync();
    }

    // Wakes every enqueue waiting for room; each tries again.
    private void PulseRoom() =>
        Interlocked.Exchange(ref _room, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <inheritdoc />
    public void Dispose() => _work.Dispose();
}
