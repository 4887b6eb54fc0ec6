using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Impacte.Domain.Migrations;

/// <summary>
/// A migration written as plain SQL in <c>Migrations/{id}.sql</c> beside it. EF Core's runtime migrator applies
/// it (history table, migration lock, one transaction each); the SQL is reviewed like any code, and
/// <c>MigrationsMatchTheModel</c> fails when the migrated schema and the EF model drift apart.
/// To add one: write the next <c>{yyyyMMddHHmm}_{Name}.sql</c> and a one-line class like <see cref="Initial"/>.
/// </summary>
public abstract class SqlMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var id = GetType().GetCustomAttribute<MigrationAttribute>()!.Id;
        using var stream = typeof(SqlMigration).Assembly.GetManifestResourceStream($"Migrations/{id}.sql")
            ?? throw new InvalidOperationException($"Migrations/{id}.sql is not embedded in Impacte.Domain.");
        using var reader = new StreamReader(stream);
        migrationBuilder.Sql(reader.ReadToEnd());
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("IMPACTE migrates forwards only: restore a backup to go back.");
}

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611220100_Initial")]
public sealed class Initial : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611220200_Questions")]
public sealed class Questions : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611220300_OutboxAttachments")]
public sealed class OutboxAttachments : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611220400_Meetings")]
public sealed class Meetings : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611220500_Librarian")]
public sealed class Librarian : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611290500_OutboxNotifyRedactSkippedWork")]
public sealed class OutboxNotifyRedactSkippedWork : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611290600_EncryptedKeyRing")]
public sealed class EncryptedKeyRing : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611290700_PracticeChanges")]
public sealed class PracticeChanges : SqlMigration;

[DbContext(typeof(ImpacteDbContext))]
[Migration("202611291200_ChangeChasers")]
public sealed class ChangeChasers : SqlMigration;
