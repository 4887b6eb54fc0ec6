using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Impacte.Domain.Tests.Migrations;

/// <summary>
/// Migrations are made by <c>dotnet ef migrations add</c>. EF's model snapshot says whether the model has moved on
/// since the last one; an empty database migrated from scratch must then have the schema and the SQL-only parts
/// (the outbox's NOTIFY triggers) and hold data.
/// </summary>
public sealed class MigrationsTests
{
    [Fact]
    public async Task TheModelHasNoChangeThatIsNotInAMigration()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var context = database.CreateContext();

        // True when someone changed an entity or its configuration and did not run `dotnet ef migrations add`.
        Assert.False(context.Database.HasPendingModelChanges(),
            "The EF model differs from the last migration's snapshot: run dotnet ef migrations add <Name> (see README).");
    }

    [Fact]
    public async Task AnEmptyDatabaseMigratesToEveryTableWithTheOutboxTriggersAndNothingLeftPending()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var context = database.CreateContext();

        var applied = await Migrator.MigrateAsync(context);

        Assert.Equal(context.Database.GetMigrations(), applied);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        var tables = await ListAsync(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        Assert.Subset(tables.ToHashSet(), context.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().ToHashSet());
        Assert.Contains("__ef_migrations_history", tables);
        Assert.Equal(["email_outbox_inserted", "email_outbox_pending_again"],
            await ListAsync(database, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'email_outbox'::regclass AND NOT tgisinternal"));
        Assert.Equal(["gin"], await ListAsync(database,
            "SELECT am.amname FROM pg_class i JOIN pg_am am ON am.oid = i.relam WHERE i.relname = 'ix_questions_search_vector'"));
        // Hangfire makes and upgrades its own schema; the migrations leave it alone.
        Assert.Empty(await ListAsync(database, "SELECT nspname FROM pg_namespace WHERE nspname = 'hangfire'"));

        // Migrating again finds nothing to do.
        Assert.Empty(await Migrator.MigrateAsync(context));
    }

    [Fact]
    public async Task TheMigratedSchemaStoresAndReadsBackRowsWithTheirConcurrencyVersionAndSearchColumn()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        var club = new Club { Name = "Round Trip Surgery", OdsCode = "R00001", CreatedAt = DateTimeOffset.UtcNow };
        await using (var write = database.CreateContext())
        {
            write.Clubs.Add(club);
            write.Outbox.Add(Email("round-trip", [new OutboxAttachment { FileName = "a.ics", ContentType = "text/calendar", Content = "BEGIN:VCALENDAR" }]));
            await write.SaveChangesAsync();
        }

        await using var read = database.CreateContext();
        var stored = await read.Clubs.SingleAsync(c => c.Id == club.Id);
        Assert.Equal(("Round Trip Surgery", "R00001", Club.DefaultTimeZone), (stored.Name, stored.OdsCode, stored.TimeZone));
        Assert.NotEqual(0u, stored.Version);
        Assert.Equal("a.ics", (await read.Outbox.SingleAsync()).Attachments.Single().FileName);

        // xmin is the concurrency token: a write based on a stale read is refused.
        await using (var other = database.CreateContext())
        {
            (await other.Clubs.SingleAsync(c => c.Id == club.Id)).Name = "Renamed Elsewhere";
            await other.SaveChangesAsync();
        }
        stored.Name = "Renamed Here";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => read.SaveChangesAsync());

        // The generated full-text column is filled by PostgreSQL.
        await using var search = database.CreateContext();
        await search.Database.ExecuteSqlRawAsync("""
            INSERT INTO users (id, name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Proposer', now(), true, false, false, false, 0);
            INSERT INTO questions (id, club_id, proposer_id, population, intervention, outcome, type, urgency, title, sentence, status, created_at, updated_at)
            VALUES (gen_random_uuid(), {0}, '00000000-0000-0000-0000-000000000001', 'adults with gout', 'colchicine', 'flares',
                    'Therapy', 'Routine', 'Colchicine for gout', 'In adults with gout…', 'Proposed', now(), now());
            """, club.Id);
        Assert.Equal(1, await search.Questions.CountAsync(q => q.SearchVector.Matches(EF.Functions.PlainToTsQuery("english", "colchicine gout"))));
    }

    [Fact]
    public async Task WritingAnEmailOrPuttingAFailedOneBackToPendingNotifiesTheOutboxChannel()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await using var listener = new NpgsqlConnection(database.ConnectionString);
        await listener.OpenAsync();
        var notified = 0;
        listener.Notification += (_, e) => { if (e.Channel == "email_outbox") Interlocked.Increment(ref notified); };
        await using (var listen = new NpgsqlCommand("LISTEN email_outbox", listener))
            await listen.ExecuteNonQueryAsync();

        await using var context = database.CreateContext();
        // Two rows in one statement: one notification (FOR EACH STATEMENT), so a fan-out chunk wakes the dispatcher once.
        context.Outbox.AddRange(Email("notify-1", []), Email("notify-2", []));
        await context.SaveChangesAsync();
        Assert.Equal(1, await NotificationsAsync(listener, () => notified));

        await context.Outbox.ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, OutboxStatus.Failed));
        Assert.Equal(1, await NotificationsAsync(listener, () => notified)); // failing wakes nobody
        await context.Outbox.Where(e => e.IdempotencyKey == "notify-1").ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, OutboxStatus.Pending));
        Assert.Equal(2, await NotificationsAsync(listener, () => notified));
    }

    [Fact]
    public async Task ADatabaseMadeByTheSquashedSqlMigrationsIsTakenOverByTheBaselineWithoutChange()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var context = database.CreateContext();
        // Such a database has the Baseline's schema (compared catalog by catalog when squashed) under the old history.
        var baseline = context.Database.GetMigrations().First();
        await context.GetService<IMigrator>().MigrateAsync(baseline);
        var history = "DELETE FROM __ef_migrations_history; INSERT INTO __ef_migrations_history VALUES " +
            string.Join(", ", Migrator.SquashedIntoBaseline.Select(id => $"('{id}', '10.0.15')"));
        await context.Database.ExecuteSqlRawAsync(history);

        // Taken over as the Baseline: only the migrations made since are applied.
        Assert.Equal(context.Database.GetMigrations().Skip(1), await Migrator.MigrateAsync(context));

        Assert.Equal(context.Database.GetMigrations(), await context.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task ADatabaseWithMigrationsThisVersionDoesNotKnowIsRefusedWithWhatToDo()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await using var context = database.CreateContext();
        await context.Database.ExecuteSqlRawAsync("""INSERT INTO __ef_migrations_history VALUES ('202611291000_SomeBranch', '10.0.15');""");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator.MigrateAsync(context));

        Assert.Contains("202611291000_SomeBranch", refused.Message);
        Assert.Contains("drop this database", refused.Message);
    }

    private static OutboxEmail Email(string key, List<OutboxAttachment> attachments) => new()
    {
        IdempotencyKey = key, MessageId = $"<{key}@impacte.test>", Kind = "test", ToAddress = $"{key}@example.org",
        Subject = key, TextBody = key, CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow, Attachments = attachments,
    };

    /// <summary>Waits briefly for notifications to arrive (they come on commit), then says how many came in all.</summary>
    private static async Task<int> NotificationsAsync(NpgsqlConnection listener, Func<int> count)
    {
        var until = DateTime.UtcNow.AddMilliseconds(500);
        while (DateTime.UtcNow < until)
            await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
        return count();
    }

    private static async Task<List<string>> ListAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
