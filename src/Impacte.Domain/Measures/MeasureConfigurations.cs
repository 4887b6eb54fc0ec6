using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Measures;

internal sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> b)
    {
        b.ToTable("measures", t =>
        {
            t.HasCheckConstraint("ck_measures_standard_percent", "standard_percent >= 0 AND standard_percent <= 100");
            t.HasCheckConstraint("ck_measures_baseline_points", $"baseline_points >= {Baseline.MinimumPoints} AND baseline_points <= {Measure.MaxBaselinePoints}");
        });
        b.Property(x => x.Name).HasMaxLength(Measure.MaxName);
        b.Property(x => x.NumeratorDefinition).HasMaxLength(Measure.MaxDefinition);
        b.Property(x => x.DenominatorDefinition).HasMaxLength(Measure.MaxDefinition);
        b.Property(x => x.DataSource).HasMaxLength(Measure.MaxDataSource);
        b.Property(x => x.StandardPercent).HasPrecision(5, 2);
        b.Property(x => x.Period).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.ChartPreference).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();

        b.HasOne(x => x.Change).WithMany().HasForeignKey(x => x.ChangeId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Points).WithOne().HasForeignKey(x => x.MeasureId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Baselines).WithOne().HasForeignKey(x => x.MeasureId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Audits).WithOne().HasForeignKey(x => x.MeasureId).OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(x => x.ChangeId);
        b.HasIndex(x => x.CreatedById);
    }
}

internal sealed class MeasurementConfiguration : IEntityTypeConfiguration<Measurement>
{
    public void Configure(EntityTypeBuilder<Measurement> b)
    {
        b.ToTable("measurements", t =>
            // 0 ≤ numerator ≤ denominator; the service says so per field, the database makes sure.
            t.HasCheckConstraint("ck_measurements_numerator", "numerator >= 0 AND (denominator IS NULL OR numerator <= denominator)"));
        b.Property(x => x.Period).HasMaxLength(8);
        b.Property(x => x.Numerator).HasPrecision(14, 4);
        b.Property(x => x.Denominator).HasPrecision(14, 4);
        b.Property(x => x.Note).HasMaxLength(Measurement.MaxNote);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.EnteredById).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UpdatedById).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Revisions).WithOne().HasForeignKey(x => x.MeasurementId).OnDelete(DeleteBehavior.Cascade);

        // One measurement per measure and period.
        b.HasIndex(x => new { x.MeasureId, x.Ordinal }).IsUnique();
        b.HasIndex(x => x.EnteredById);
        b.HasIndex(x => x.UpdatedById);
    }
}

internal sealed class MeasurementRevisionConfiguration : IEntityTypeConfiguration<MeasurementRevision>
{
    public void Configure(EntityTypeBuilder<MeasurementRevision> b)
    {
        b.ToTable("measurement_revisions");
        b.Property(x => x.Numerator).HasPrecision(14, 4);
        b.Property(x => x.Denominator).HasPrecision(14, 4);
        b.Property(x => x.Note).HasMaxLength(Measurement.MaxNote);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.MeasurementId, x.At });
        b.HasIndex(x => x.ById);
    }
}

internal sealed class MeasureBaselineConfiguration : IEntityTypeConfiguration<MeasureBaseline>
{
    public void Configure(EntityTypeBuilder<MeasureBaseline> b)
    {
        b.ToTable("measure_baselines");
        b.Property(x => x.FromPeriod).HasMaxLength(8);
        b.Property(x => x.FrozenThrough).HasMaxLength(8);
        b.Property(x => x.Reason).HasMaxLength(MeasureBaseline.MaxReason);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.SetNull);
        // One baseline per start (the original starts nowhere: null, kept unique by the service).
        b.HasIndex(x => new { x.MeasureId, x.FromOrdinal }).IsUnique();
        b.HasIndex(x => x.ById);
    }
}

internal sealed class MeasureAuditConfiguration : IEntityTypeConfiguration<MeasureAudit>
{
    public void Configure(EntityTypeBuilder<MeasureAudit> b)
    {
        b.ToTable("measure_audits");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Period).HasMaxLength(8);
        b.Property(x => x.Value).HasPrecision(14, 4);
        b.Property(x => x.BaselineCentre).HasPrecision(14, 4);
        b.Property(x => x.AgainstBaseline).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.ResultNote).HasMaxLength(MeasureAudit.MaxNote);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.RecordedById).OnDelete(DeleteBehavior.SetNull);

        b.HasIndex(x => new { x.MeasureId, x.DueOn });
        // The Worker's chaser: re-audits not yet recorded, by due date.
        b.HasIndex(x => x.DueOn).HasFilter("recorded_at IS NULL");
        b.HasIndex(x => x.CreatedById);
        b.HasIndex(x => x.RecordedById);
    }
}
