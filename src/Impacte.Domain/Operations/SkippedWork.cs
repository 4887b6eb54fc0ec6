using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Operations;

/// <summary>
/// A piece of a fan-out that failed on its own data (a meeting whose club name would break a header, a member whose
/// name would) and was skipped so the rest went out. One row per kind and item, updated each time it fails again;
/// the ops page lists them with the reason, so someone can fix the data.
/// </summary>
public sealed class SkippedWork
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>What was being done, e.g. "reading-pack" (a whole meeting) or "reading-pack-email" (one member's).</summary>
    public required string Kind { get; set; }
    /// <summary>Which item: a meeting id, or "meetingId/userId" for one email.</summary>
    public required string Item { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset FirstAt { get; set; }
    public DateTimeOffset LastAt { get; set; }
    /// <summary>How many runs skipped it: it is tried again each run, so a fixed item simply stops appearing here.</summary>
    public int Times { get; set; }

    public const int ReasonMaxLength = 1000;

    /// <summary>Records (or counts again) a skipped item, in its own statement so it survives the failed work's rollback.</summary>
    public static Task RecordAsync(ImpacteDbContext db, string kind, string item, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var why = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO skipped_work (id, kind, item, reason, first_at, last_at, times)
            VALUES ({Guid.CreateVersion7()}, {kind}, {item}, {why}, {now}, {now}, 1)
            ON CONFLICT (kind, item) DO UPDATE SET reason = excluded.reason, last_at = excluded.last_at, times = skipped_work.times + 1
            """, ct);
    }

    /// <summary>The most recently skipped items, for the ops page.</summary>
    public static Task<List<SkippedWork>> LatestAsync(ImpacteDbContext db, int count, CancellationToken ct) =>
        db.Set<SkippedWork>().AsNoTracking().OrderByDescending(s => s.LastAt).Take(count).ToListAsync(ct);
}

internal sealed class SkippedWorkConfiguration : IEntityTypeConfiguration<SkippedWork>
{
    public void Configure(EntityTypeBuilder<SkippedWork> b)
    {
        b.ToTable("skipped_work");
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.Item).HasMaxLength(200);
        b.Property(x => x.Reason).HasMaxLength(SkippedWork.ReasonMaxLength);
        b.HasIndex(x => new { x.Kind, x.Item }).IsUnique();
    }
}
