using Impacte.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Testing;

/// <summary>
/// A fresh PostgreSQL database for one test class, dropped afterwards, so test classes run in parallel without
/// seeing each other's rows. The server is the one deploy/local/test.sh starts (or ConnectionStrings__Impacte).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public string Name { get; } = $"impacte_test_{Guid.NewGuid():N}";
    public string ConnectionString { get; }

    private TestDatabase(string serverConnectionString) =>
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Name, Pooling = true }.ConnectionString;

    /// <summary>The server to make test databases on: ConnectionStrings__Impacte, else the local socket.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Impacte") is { Length: > 0 } cs ? cs : "Host=/var/run/postgresql;Database=postgres";

    /// <summary>Creates an empty database; <paramref name="migrate"/> applies IMPACTE's migrations to it.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var db = new TestDatabase(ServerConnectionString);
        await using (var admin = await OpenAdminAsync())
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{db.Name}\"", admin))
            await create.ExecuteNonQueryAsync();
        if (migrate)
        {
            await using var context = db.CreateContext();
            await Migrator.MigrateAsync(context);
        }
        return db;
    }

    public ImpacteDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<ImpacteDbContext>();
        DependencyInjection.Configure(options, ConnectionString);
        return new ImpacteDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 10)
            {
                // An autovacuum worker (a superuser's process, which a non-superuser may not end) is cleaning the
                // database after a test that updated many rows: it finishes in a moment.
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
