using Impacte.Domain.Identity;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Preferences;

/// <summary>How often a member's digest comes; weekly unless they choose otherwise.</summary>
public enum DigestFrequency
{
    Weekly,
    Fortnightly,
    Monthly,
    Off,
}

/// <summary>How a kind of email reaches a member: on its own when it happens, folded into the digest, or not at all.</summary>
public enum EmailDelivery
{
    Immediately,
    InDigest,
    Off,
}

/// <summary>
/// The bulk lists a member can leave with one click (RFC 8058). Invitations, password resets and chasers to an owner
/// with an overdue audit are transactional and belong to none.
/// </summary>
public enum EmailList
{
    Digest,
    ReadingPacks,
    Reminders,
}

/// <summary>
/// What one member wants from IMPACTE's email: the digest's rhythm, day and clinical areas, and how reading packs,
/// reminders and chasers reach them. One row per member, written the first time they change anything; until then
/// <see cref="MemberPreferencesQueries.ForAsync"/> answers the defaults, so no member is ever without preferences.
/// A one-click unsubscribe from a list sets that list to <see cref="EmailDelivery.Off"/> (or the digest to
/// <see cref="DigestFrequency.Off"/>) here, so the preferences page shows it and can undo it.
/// </summary>
public sealed class MemberPreferences
{
    public const string DefaultTimeZone = "Europe/London";

    public Guid UserId { get; set; }
    public DigestFrequency DigestFrequency { get; set; } = DigestFrequency.Weekly;
    /// <summary>The day the digest comes, at 07:00 in <see cref="TimeZone"/>.</summary>
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;
    /// <summary>IANA zone the member's digest hour is read in.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;
    /// <summary>The clinical areas whose network-wide appraisals and changes the member follows.</summary>
    public List<ClinicalArea> Areas { get; set; } = [];
    public EmailDelivery ReadingPacks { get; set; } = EmailDelivery.Immediately;
    public EmailDelivery Reminders { get; set; } = EmailDelivery.Immediately;
    /// <summary>An owner with an overdue audit cannot turn chasers off, only move them into the digest.</summary>
    public EmailDelivery Chasers { get; set; } = EmailDelivery.Immediately;
    /// <summary>
    /// News of the member's own work: a question they asked or supported accepted, declined, marked duplicate,
    /// appraised, scheduled or answered; an appraisal they wrote published or returned.
    /// </summary>
    public EmailDelivery Updates { get; set; } = EmailDelivery.Immediately;
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL xmin: the concurrency token behind ETag / If-Match.</summary>
    public uint Version { get; set; }

    public static MemberPreferences Default(Guid userId) => new() { UserId = userId };
}

public static class MemberPreferencesQueries
{
    /// <summary>The member's saved preferences (tracked, ready to change) or, if they never saved any, the defaults (added).</summary>
    public static async Task<MemberPreferences> ForAsync(this DbSet<MemberPreferences> set, Guid userId, CancellationToken ct = default)
    {
        var saved = await set.FindAsync([userId], ct);
        if (saved is not null)
            return saved;
        var fresh = MemberPreferences.Default(userId);
        set.Add(fresh);
        return fresh;
    }
}

internal sealed class MemberPreferencesConfiguration : IEntityTypeConfiguration<MemberPreferences>
{
    public void Configure(EntityTypeBuilder<MemberPreferences> b)
    {
        b.ToTable("member_preferences");
        b.HasKey(x => x.UserId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.DigestFrequency).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.DigestDay).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        // text[] of area names: read whole with the row, and searchable with && / @> when the digest picks members.
        b.PrimitiveCollection(x => x.Areas).ElementType(e => e.HasConversion<string>());
        b.Property(x => x.ReadingPacks).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Reminders).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Chasers).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Updates).HasConversion<string>().HasMaxLength(16).HasDefaultValue(EmailDelivery.Immediately).HasSentinel(EmailDelivery.Immediately);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
    }
}
