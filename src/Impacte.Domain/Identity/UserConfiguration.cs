using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Identity;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.Property(x => x.Name).HasMaxLength(MaxName);
        b.Property(x => x.Profession).HasMaxLength(64);
        // Accounts made before the key existed get 32 random bytes (gen_random_uuid is built into PostgreSQL 13+).
        b.Property(x => x.UnsubscribeKey).HasDefaultValueSql("uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())");
        // The admins' people list, by name (NetworkPeople.ListAsync): a page without sorting every account.
        b.HasIndex(x => new { x.Name, x.Id });
    }

    public const int MaxName = 120;
}
