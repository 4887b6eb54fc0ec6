using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.DataProtection;

/// <summary>
/// The ASP.NET data-protection key ring (<c>PersistKeysToDbContext</c>), kept in PostgreSQL so every Api instance
/// and every restart reads the same keys. Each key's XML is stored encrypted with the configured certificate.
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("data_protection_keys");
        // The package always writes the XML; keeping the column NOT NULL says so in the schema.
        b.Property(k => k.Xml).IsRequired();
    }
}
