using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Clubs;

internal sealed class ClubConfiguration : IEntityTypeConfiguration<Club>
{
    public void Configure(EntityTypeBuilder<Club> b)
    {
        b.Property(x => x.Name).HasMaxLength(ClubRules.MaxName);
        b.Property(x => x.OdsCode).HasMaxLength(6);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        // xmin is PostgreSQL's own row version: no column to add, changed by every update.
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        b.HasIndex(x => x.OdsCode).IsUnique();
    }
}

internal sealed class ClubMembershipConfiguration : IEntityTypeConfiguration<ClubMembership>
{
    public void Configure(EntityTypeBuilder<ClubMembership> b)
    {
        b.HasKey(x => new { x.ClubId, x.UserId });
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.HasOne(x => x.Club).WithMany(x => x.Members).HasForeignKey(x => x.ClubId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(x => x.Email).HasMaxLength(EmailAddress.MaxLength);
        b.Property(x => x.Name).HasMaxLength(UserConfiguration.MaxName);
        b.Property(x => x.Profession).HasMaxLength(64);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => new { x.ClubId, x.Email });
        b.HasOne(x => x.Club).WithMany().HasForeignKey(x => x.ClubId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.InvitedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AcceptedUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
