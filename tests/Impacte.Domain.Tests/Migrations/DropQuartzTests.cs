using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Domain.Tests.Migrations;

/// <summary>Moving from Quartz.NET to Hangfire: a database that ran the Quartz Worker loses its tables on migrating.</summary>
public sealed class DropQuartzTests
{
    [Fact]
    public async Task MigratingDropsTheJobRequestsAndEveryTableQuartzMadeItself()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await using var context = database.CreateContext();
        // Back to the schema before this migration (EF's migrator cannot target the hand-numbered ids): job_requests as
        // the Meetings migration made it, and tables as Quartz provisioned them (a few, with its names).
        await context.Database.ExecuteSqlRawAsync("""
            DELETE FROM __ef_migrations_history WHERE "MigrationId" = '202611290400_DropQuartz';
            CREATE TABLE job_requests (id uuid PRIMARY KEY);
            CREATE TABLE qrtz_job_details (sched_name text, job_name text, PRIMARY KEY (sched_name, job_name));
            CREATE TABLE qrtz_triggers (sched_name text, job_name text, FOREIGN KEY (sched_name, job_name) REFERENCES qrtz_job_details);
            CREATE TABLE qrtz_execution_history (fire_instance_id text);
            """);
        Assert.Equal(4, await CountAsync(database));

        await context.Database.MigrateAsync();

        Assert.Equal(0, await CountAsync(database));
    }

    private static async Task<long> CountAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND (tablename LIKE 'qrtz\\_%' OR tablename = 'job_requests')", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
