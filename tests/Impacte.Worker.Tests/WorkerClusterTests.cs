using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Impacte.Worker.Tests;

public sealed class WorkerClusterTests
{
    [Fact]
    public async Task TwoWorkersOnOneDatabaseAreTwoHangfireServersOverOneStorage()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var first = WorkerHost.Build([.. Worker.Args(database), "--Jobs:ServerName=first"]);
        using var second = WorkerHost.Build([.. Worker.Args(database), "--Jobs:ServerName=second"]);

        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        try
        {
            var servers = await Worker.WaitForAsync(async () =>
            {
                var names = await Worker.SchedulerInstancesAsync(database);
                return names.Count == 2 ? names : null;
            });
            Assert.Equal(["first", "second"], servers.Order());
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }
    }

    [Fact]
    public async Task TwoWorkersStartedTogetherNeverRunOneJobTwiceAtTheSameTime()
    {
        await using var database = await TestDatabase.CreateAsync();
        var club = await ClubFixture.CreateAsync(database, 5, "twins");
        await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));
        string[] args = [.. Worker.Args(database), "--Meetings:PollSeconds=1"];
        using var a = WorkerHost.Build([.. args, "--Jobs:ServerName=twin-a"]);
        using var b = WorkerHost.Build([.. args, "--Jobs:ServerName=twin-b"]);
        var recorder = new RunRecorder([a.Services.GetRequiredService<JobStorage>(), b.Services.GetRequiredService<JobStorage>()]);
        GlobalJobFilters.Filters.Add(recorder, order: 1000);

        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        try
        {
            // Every polling job is due each second and each run lasts 1.5 s: without the lock, runs would overlap.
            await Worker.WaitForAsync(() => Task.FromResult(recorder.Runs.Count >= 12 ? "" : null), seconds: 60);
            // The pack goes out while both run (stopped Workers send nothing; on a busy machine twelve runs can come first).
            foreach (var member in club.Members)
                await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(60));
        }
        finally
        {
            GlobalJobFilters.Filters.Remove(recorder);
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }

        var runs = recorder.Runs.ToList();
        Assert.Equal(2, runs.Select(r => r.Server.Split(':')[0]).Distinct().Count());
        foreach (var job in runs.GroupBy(r => r.Job))
        {
            var ordered = job.OrderBy(r => r.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
                Assert.True(ordered[i].Start >= ordered[i - 1].End,
                    $"{job.Key} ran on {ordered[i - 1].Server} and {ordered[i].Server} at once");
        }
        // Counted again once both have stopped: a second copy would show here.
        foreach (var member in club.Members)
            Assert.Single(await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// Records each run of the given hosts' jobs from inside their locks (a late filter runs after RunLockFilter
    /// took its lock, and ends before it lets go), and stretches each run to 1.5 s so that overlapping runs would show.
    /// </summary>
    private sealed class RunRecorder(IReadOnlyList<JobStorage> storages) : JobFilterAttribute, IServerFilter
    {
        public ConcurrentBag<(string Job, string Server, DateTime Start, DateTime End)> Runs { get; } = [];

        public void OnPerforming(PerformingContext context)
        {
            if (!storages.Contains(context.Storage)) return;
            context.Items["recorder.start"] = DateTime.UtcNow;
            Thread.Sleep(1500);
        }

        public void OnPerformed(PerformedContext context)
        {
            if (context.Items.TryGetValue("recorder.start", out var start))
                Runs.Add((context.BackgroundJob.Job.Type.Name, context.ServerId, (DateTime)start, DateTime.UtcNow));
        }
    }
}

/// <summary>Starting Worker hosts against a test database, and reading Hangfire's tables.</summary>
internal static class Worker
{
    public static string[] Args(TestDatabase database, int smtpPort = 1025) =>
    [
        $"--ConnectionStrings:Impacte={database.ConnectionString}",
        "--Smtp:Host=127.0.0.1",
        $"--Smtp:Port={smtpPort}",
        "--Outbox:PollSeconds=1",
        "--Logging:LogLevel:Default=Warning",
    ];

    /// <summary>The names of the Hangfire servers (Workers) alive on this database: a server's id is name:process:guid.</summary>
    public static async Task<IReadOnlyList<string>> SchedulerInstancesAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('hangfire.server') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return [];
        await using var command = new NpgsqlCommand("SELECT split_part(id, ':', 1) FROM hangfire.server", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>How many runs of a recurring job succeeded, from Hangfire's job table.</summary>
    public static async Task<long> SucceededRunsAsync(string connectionString, string recurringJobId)
    {
        // Unpooled: after PostgreSQL restarts under a test, a pooled connection from before would be a broken pipe (seen
        // in CI); the Workers' own pools, shared in this process, are what such a test is about and stay untouched.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("""
            SELECT count(*) FROM hangfire.job j JOIN hangfire.jobparameter p ON p.jobid = j.id
            WHERE p.name = 'RecurringJobId' AND p.value = @id AND j.statename = 'Succeeded'
            """, connection);
        count.Parameters.AddWithValue("id", $"\"{recurringJobId}\"");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, int seconds = 30) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The Worker did not get there in time.");
            await Task.Delay(200);
        }
    }
}
