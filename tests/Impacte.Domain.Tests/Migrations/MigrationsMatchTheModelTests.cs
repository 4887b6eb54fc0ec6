using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Impacte.Domain.Tests.Migrations;

/// <summary>
/// Migrations are SQL written by hand (EF's design-time tools cannot be restored here), so this is what keeps them
/// honest: one database built by the migrations, one by the EF model's own create script, and their catalogs compared.
/// </summary>
public sealed class MigrationsMatchTheModelTests
{
    [Fact]
    public async Task TheMigratedSchemaIsTheSchemaTheModelDescribes()
    {
        await using var migrated = await TestDatabase.CreateAsync(migrate: true);
        await using var modelled = await TestDatabase.CreateAsync(migrate: false);
        await using (var context = modelled.CreateContext())
            await context.Database.ExecuteSqlRawAsync(context.Database.GenerateCreateScript());

        var fromMigrations = await CatalogAsync(migrated);
        var fromModel = await CatalogAsync(modelled);

        Assert.Equal(fromModel.Columns, fromMigrations.Columns);
        Assert.Equal(fromModel.Constraints, fromMigrations.Constraints);
        Assert.Empty(fromModel.Indexes.Except(fromMigrations.Indexes));
        // What only SQL can say (full-text and trigram indexes) may be extra, and nothing else.
        Assert.All(fromMigrations.Indexes.Except(fromModel.Indexes), extra => Assert.Matches("USING (gin|gist) ", extra));
    }

    [Fact]
    public async Task MigratingTwiceChangesNothing()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        var before = await CatalogAsync(database);

        await using (var context = database.CreateContext())
        {
            await context.Database.MigrateAsync();
            Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        }

        Assert.Equal(before.Columns, (await CatalogAsync(database)).Columns);
    }

    private sealed record Catalog(IReadOnlyList<string> Columns, IReadOnlyList<string> Constraints, IReadOnlyList<string> Indexes);

    private static async Task<Catalog> CatalogAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        const string ours = "NOT LIKE '\\_\\_ef%'";
        return new Catalog(
            await ListAsync(connection, $"""
                SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                       || CASE is_nullable WHEN 'NO' THEN ' not null' ELSE '' END
                       || coalesce(' default ' || column_default, '') || coalesce(' generated ' || generation_expression, '')
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name {string.Format(ours, "table_name")}
                """),
            await ListAsync(connection, $"""
                SELECT c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text {string.Format(ours, "c.conrelid::regclass::text")}
                """),
            await ListAsync(connection, $"""
                SELECT indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename {string.Format(ours, "tablename")}
                """));
    }

    private static async Task<IReadOnlyList<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
