using System.Diagnostics;
using Impacte.Testing;
using Impacte.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Impacte.Worker.Tests;

/// <summary>The fan-outs' run lock (a PostgreSQL session advisory lock) against real PostgreSQL and a real killed process.</summary>
public sealed class RunLockTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task ASecondRunWaitsForTheHolderAndProceedsTheMomentTheHoldersProcessIsKilled()
    {
        using var host = WorkerHost.Build(Worker.Args(database));
        var locks = host.Services.GetRequiredService<RunLocks>();

        // Another process holds the reading pack's lock, as a Worker mid fan-out does.
        using var holder = HoldInPsql(nameof(Meetings.ReadingPackJob));
        await Worker.WaitForAsync(async () => await AdvisoryLocksHeldAsync() == 1 ? "" : null, seconds: 30);

        var second = locks.AcquireAsync(nameof(Meetings.ReadingPackJob), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(second.IsCompleted, "a second run must wait while the first holds the lock");

        var killed = Stopwatch.StartNew();
        holder.Kill(); // SIGKILL: no unlock, no goodbye; the kernel closes its socket
        await using var held = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(3), $"the second run took the lock {killed.Elapsed.TotalSeconds:0.0} s after the holder died");
    }

    [Fact]
    public async Task RunsOfDifferentJobsDoNotWaitForEachOther()
    {
        using var host = WorkerHost.Build(Worker.Args(database));
        var locks = host.Services.GetRequiredService<RunLocks>();
        await using var packs = await locks.AcquireAsync(nameof(Meetings.ReadingPackJob), CancellationToken.None);
        await using var reminders = await locks.AcquireAsync(nameof(Meetings.MeetingReminderJob), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var third = locks.AcquireAsync(nameof(Meetings.ReadingPackJob), CancellationToken.None, wait: TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<TimeoutException>(() => third);
    }

    private Process HoldInPsql(string job)
    {
        var c = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var psql = new ProcessStartInfo("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psql.Environment["PGHOST"] = c.Host;
        psql.Environment["PGPORT"] = c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psql.Environment["PGDATABASE"] = c.Database;
        psql.Environment["PGUSER"] = c.Username;
        if (c.Password is { } password) psql.Environment["PGPASSWORD"] = password;
        var process = Process.Start(psql)!;
        // Taken, then idle with the session open (stdin stays open), as a Worker's lock connection is during its run.
        process.StandardInput.WriteLine($"SELECT pg_advisory_lock(hashtextextended('impacte-job:{job}', 0));");
        process.StandardInput.Flush();
        return process;
    }

    private async Task<long> AdvisoryLocksHeldAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
