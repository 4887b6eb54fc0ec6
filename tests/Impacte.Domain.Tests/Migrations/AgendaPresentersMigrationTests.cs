using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain.Tests.Migrations;

/// <summary>The AgendaPresenters migration turns each agenda item's one presenter, as kept before, into its first presenter.</summary>
public sealed class AgendaPresentersMigrationTests
{
    [Fact]
    public async Task AnItemsOnePresenterBecomesItsFirstPresenterAndAnItemWithoutOneHasNone()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await using var context = database.CreateContext();
        var migrations = context.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_AgendaPresenters", StringComparison.Ordinal)) - 1];
        await context.GetService<IMigrator>().MigrateAsync(before);
        await context.Database.ExecuteSqlRawAsync("""
            INSERT INTO clubs (id, name, ods_code, time_zone, created_at) VALUES ('00000000-0000-0000-0000-0000000000c1', 'Migration Surgery', 'M00001', 'Europe/London', now());
            INSERT INTO users (id, name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Presenter', now(), true, false, false, false, 0);
            INSERT INTO questions (id, club_id, proposer_id, population, intervention, outcome, type, urgency, title, sentence, status, created_at, updated_at)
            VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001',
                    'adults with gout', 'colchicine', 'flares', 'Therapy', 'Routine', 'Colchicine for gout', 'In adults with gout…', 'Scheduled', now(), now()),
                   ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-000000000001',
                    'adults with AF', 'DOACs', 'strokes', 'Therapy', 'Routine', 'DOACs in AF', 'In adults with AF…', 'Scheduled', now(), now());
            INSERT INTO meetings (id, club_id, starts_at, ends_at, status, sequence, rsvp_key, created_at)
            VALUES ('00000000-0000-0000-0000-0000000000e1', '00000000-0000-0000-0000-0000000000c1', now(), now() + interval '1 hour', 'Scheduled', 0, '\x00', now());
            INSERT INTO agenda_items (id, meeting_id, position, question_id, presenter_id)
            VALUES ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-0000000000e1', 1, '00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001'),
                   ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-0000000000e1', 2, '00000000-0000-0000-0000-0000000000a2', NULL);
            """);

        await context.GetService<IMigrator>().MigrateAsync();

        var items = await context.AgendaItems.Include(a => a.Presenters).OrderBy(a => a.Position).ToListAsync();
        var presenter = Assert.Single(items[0].Presenters);
        Assert.Equal((Guid.Parse("00000000-0000-0000-0000-000000000001"), 1), (presenter.UserId, presenter.Position));
        Assert.Empty(items[1].Presenters);
    }
}
