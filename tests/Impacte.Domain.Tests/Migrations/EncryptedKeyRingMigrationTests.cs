using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Tests.Migrations;

public sealed class EncryptedKeyRingMigrationTests
{
    [Fact]
    public async Task KeysStoredInPlaintextBeforeEncryptionAreDropped()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: true);
        await using var context = database.CreateContext();
        // A database as it was before the migration: a plaintext key, and the migration not yet applied.
        await context.Database.ExecuteSqlRawAsync("""
            INSERT INTO data_protection_keys (friendly_name, xml)
            VALUES ('key-1', '<key><descriptor><masterKey><value>c2VjcmV0</value></masterKey></descriptor></key>');
            DELETE FROM __ef_migrations_history WHERE "MigrationId" = '202611290600_EncryptedKeyRing';
            """);

        await context.Database.MigrateAsync();

        Assert.Empty(await context.DataProtectionKeys.ToListAsync());
    }
}
