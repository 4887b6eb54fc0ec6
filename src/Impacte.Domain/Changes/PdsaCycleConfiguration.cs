using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Changes;

internal sealed class PdsaCycleConfiguration : IEntityTypeConfiguration<PdsaCycle>
{
    public void Configure(EntityTypeBuilder<PdsaCycle> b)
    {
        b.ToTable("pdsa_cycles");
        b.Property(x => x.PlanWhat).HasMaxLength(PdsaCycle.MaxText);
        b.Property(x => x.PlanWho).HasMaxLength(PdsaCycle.MaxShort);
        b.Property(x => x.PlanWhen).HasMaxLength(PdsaCycle.MaxShort);
        b.Property(x => x.PlanWhere).HasMaxLength(PdsaCycle.MaxShort);
        b.Property(x => x.Prediction).HasMaxLength(PdsaCycle.MaxText);
        b.Property(x => x.WhatHappened).HasMaxLength(PdsaCycle.MaxText);
        b.Property(x => x.Study).HasMaxLength(PdsaCycle.MaxText);
        b.Property(x => x.Act).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.ActNote).HasMaxLength(PdsaCycle.MaxText);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();

        b.HasOne<PracticeChange>().WithMany().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
        // Cycles are numbered within their change, and listed in that order.
        b.HasIndex(x => new { x.ChangeId, x.Ordinal }).IsUnique();
        b.HasIndex(x => x.CreatedById);
    }
}
