using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain;

/// <summary>
/// Applies the migrations <c>dotnet ef</c> made (Migrations/), the way <c>migrate</c>, <c>seed</c> and a Development
/// start-up do. It also takes over a database made by the hand-written SQL migrations they replaced: that schema is
/// exactly the Baseline's (checked when they were squashed), so their history rows give way to the Baseline's.
/// </summary>
public static class Migrator
{
    /// <summary>The hand-written SQL migrations squashed into Baseline on 2026-11-29, in order.</summary>
    internal static readonly string[] SquashedIntoBaseline =
    [
        "202611220100_Initial", "202611220200_Questions", "202611220300_OutboxAttachments", "202611220400_Meetings",
        "202611220500_Librarian", "202611290100_AccountHardening", "202611290300_AppraisalEditors",
        "202611290400_DropQuartz", "202611290500_OutboxNotifyRedactSkippedWork", "202611290600_EncryptedKeyRing",
        "202611290700_PracticeChanges",
    ];

    /// <summary>Brings the database up to date; returns the migrations it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ImpacteDbContext db, CancellationToken ct = default)
    {
        // EF finds out whether a database is new by trying its history query, which logs a failed command ("fail:")
        // three times in a first install's output. An empty history table made first spares the operator that alarm.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        await AdoptHandWrittenHistoryAsync(db, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        return pending;
    }

    private static async Task AdoptHandWrittenHistoryAsync(ImpacteDbContext db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet();
        var known = db.Database.GetMigrations().ToHashSet();
        var old = applied.Where(id => !known.Contains(id)).ToList();
        if (old.Count == 0) return;
        var baseline = typeof(Migrations.Baseline).GetCustomAttribute<MigrationAttribute>()!.Id;
        if (applied.Contains(baseline) || !old.ToHashSet().SetEquals(SquashedIntoBaseline))
            throw new InvalidOperationException(
                $"The database has migrations this version does not know ({string.Join(", ", old.Order())}): it was made by " +
                "hand-written SQL migrations, or by another branch. No production database predates the EF baseline, so " +
                "drop this database (dropdb) and run migrate again.");

        // One command, so PostgreSQL runs it as one implicit transaction: the history is swapped whole or not at all.
        var history = db.GetService<IHistoryRepository>();
        var product = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!
            .InformationalVersion.Split('+')[0];
        var swap = string.Concat(old.Select(history.GetDeleteScript)) + history.GetInsertScript(new HistoryRow(baseline, product));
        await db.Database.ExecuteSqlRawAsync(swap, ct);
    }
}
