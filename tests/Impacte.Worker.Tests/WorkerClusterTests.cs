using Impacte.Testing;
using Impacte.Worker;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Impacte.Worker.Tests;

public sealed class WorkerClusterTests
{
    [Fact]
    public async Task TwoWorkersOnOneDatabaseJoinOneQuartzCluster()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var first = WorkerHost.Build(Worker.Args(database));
        using var second = WorkerHost.Build(Worker.Args(database));

        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        try
        {
            var instances = await Worker.WaitForAsync(async () =>
            {
                var names = await Worker.SchedulerInstancesAsync(database);
                return names.Count == 2 ? names : null;
            });
            Assert.Equal(2, instances.Distinct().Count());
        }
        finally
        {
            await Task.WhenAll(first.StopAsync(), second.StopAsync());
        }
    }
}

/// <summary>Starting Worker hosts against a test database, and reading Quartz's cluster table.</summary>
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

    public static async Task<IReadOnlyList<string>> SchedulerInstancesAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('qrtz_scheduler_state') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return [];
        await using var command = new NpgsqlCommand("SELECT instance_name FROM qrtz_scheduler_state", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
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
