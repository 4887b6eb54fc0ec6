using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain.Tests.Migrations;

/// <summary>The ScreeningMinutesAndPersonalData migration turns each question's one search record, as kept before, into its first search entry.</summary>
public sealed class SearchEntriesMigrationTests
{
    [Fact]
    public async Task AnExistingSearchRecordBecomesOneEntryPerQuestion()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var context = database.CreateContext();
        var migrations = context.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_ScreeningMinutesAndPersonalData", StringComparison.Ordinal)) - 1];
        await context.GetService<IMigrator>().MigrateAsync(before);
        await context.Database.ExecuteSqlRawAsync("""
            INSERT INTO clubs (id, name, ods_code, time_zone, created_at) VALUES ('00000000-0000-0000-0000-0000000000c1', 'Migration Surgery', 'M00001', 'Europe/London', now());
            INSERT INTO users (id, name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Proposer', now(), true, false, false, false, 0);
            INSERT INTO questions (id, club_id, proposer_id, population, intervention, outcome, type, urgency, title, sentence, status, created_at, updated_at)
            VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001',
                    'adults with gout', 'colchicine', 'flares', 'Therapy', 'Routine', 'Colchicine for gout', 'In adults with gout…', 'Searching', now(), now());
            INSERT INTO question_searches (question_id, sources, strategy, searched_on, found, relevant, updated_at)
            VALUES ('00000000-0000-0000-0000-0000000000a1', ARRAY['PubMed', 'TRIP'], 'gout AND colchicine', '2026-10-01', 30, 4, now());
            """);

        await context.GetService<IMigrator>().MigrateAsync();

        var entry = await context.SearchEntries.SingleAsync();
        Assert.Equal((Guid.Parse("00000000-0000-0000-0000-0000000000a1"), "PubMed, TRIP", new DateOnly(2026, 10, 1), "gout AND colchicine", (int?)30),
            (entry.QuestionId, entry.Database, entry.SearchedOn, entry.Strategy, entry.Hits));
    }
}
