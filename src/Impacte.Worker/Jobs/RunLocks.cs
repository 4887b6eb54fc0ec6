using Impacte.Domain;
using Npgsql;

namespace Impacte.Worker.Jobs;

/// <summary>
/// Keeps two runs of one job apart across all Workers with a PostgreSQL session advisory lock, held on a connection of
/// the run's own for as long as it runs. Unlike a lock row (Hangfire's DisableConcurrentExecution, which has no
/// keep-alive and outlives a killed holder by its whole timeout), the server releases it the moment the holder's
/// connection closes (the connection is idle while the run works, so PostgreSQL sees the closed socket at once): a
/// Worker killed mid-run frees the job for the survivor at once, and a run that lasts long keeps
/// its lock however long it takes. A second run waits for the first (at most <see cref="JobSettings.LockWaitSeconds"/>,
/// then it fails and Hangfire retries it).
/// </summary>
public sealed class RunLocks(IConfiguration configuration)
{
    private readonly string connectionString = new NpgsqlConnectionStringBuilder(
        configuration.GetConnectionString(DependencyInjection.ConnectionStringName))
    {
        // Never pooled: a pooled connection would outlive the run with its lock, and a killed process must close it.
        Pooling = false,
        ApplicationName = "impacte-run-lock",
    }.ConnectionString;

    /// <summary>Waits until no other run of <paramref name="job"/> holds the lock, takes it, and holds it until disposed.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string job, CancellationToken ct, TimeSpan? wait = null)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            var timeout = (int)(wait ?? TimeSpan.FromSeconds(JobSettings.LockWaitSeconds)).TotalMilliseconds;
            await using (var set = new NpgsqlCommand($"SET lock_timeout = {timeout}", connection))
                await set.ExecuteNonQueryAsync(ct);
            await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended('impacte-job:' || $1, 0))", connection))
            {
                take.Parameters.Add(new() { Value = job });
                take.CommandTimeout = 0; // lock_timeout bounds the wait
                await take.ExecuteNonQueryAsync(ct);
            }
            return connection; // closing the connection (dispose) ends the session, and with it the lock
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await connection.DisposeAsync();
            throw new TimeoutException($"Another run of {job} held its lock for longer than the wait.", e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Marks a job class whose runs must not overlap across Workers: <see cref="RunLockFilter"/> holds a <see cref="RunLocks"/> lock around each run.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunExclusivelyAttribute : Attribute;

/// <summary>Takes the run lock of a job marked <see cref="RunExclusivelyAttribute"/> before it runs and lets go after (a filter, so filters ordered after it run inside the lock).</summary>
internal sealed class RunLockFilter(RunLocks locks) : Hangfire.Server.IServerFilter
{
    private const string HeldKey = "impacte.run-lock";

    public void OnPerforming(Hangfire.Server.PerformingContext context)
    {
        if (context.BackgroundJob.Job?.Type is not { } type) return;
        var worker = JobsSetup.Classes.TryGetValue(type, out var c) ? c : type;
        if (!worker.IsDefined(typeof(RunExclusivelyAttribute), inherit: false)) return;
        // Hangfire's filters are synchronous; this runs on one of its worker threads, which waits anyway.
        context.Items[HeldKey] = locks.AcquireAsync(worker.Name, context.CancellationToken.ShutdownToken).GetAwaiter().GetResult();
    }

    public void OnPerformed(Hangfire.Server.PerformedContext context)
    {
        if (context.Items.Remove(HeldKey, out var held)) ((IAsyncDisposable)held).DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
