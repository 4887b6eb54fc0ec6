using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Meetings;

/// <summary>
/// A member a meeting's reading pack was written to by email (one row per meeting and member, the first pack): what the
/// digest asks to know whether a member already had a pack before they chose to take packs in the digest. Written in
/// the same transaction as the pack's outbox rows, so it says exactly who was sent one.
/// </summary>
public sealed class MeetingPackRecipient
{
    public Guid MeetingId { get; set; }
    public Guid UserId { get; set; }
    /// <summary>The meeting's SEQUENCE the pack told.</summary>
    public int Sequence { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class MeetingPackRecipientConfiguration : IEntityTypeConfiguration<MeetingPackRecipient>
{
    public void Configure(EntityTypeBuilder<MeetingPackRecipient> b)
    {
        b.ToTable("meeting_pack_recipients");
        b.HasKey(x => new { x.MeetingId, x.UserId });
        b.HasIndex(x => x.UserId);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public static class MeetingPackRecipients
{
    /// <summary>Records who was just written a meeting's pack (ON CONFLICT DO NOTHING: a repeated fan-out adds nothing).</summary>
    public static Task<int> RecordAsync(ImpacteDbContext db, Guid meetingId, int sequence, IReadOnlyCollection<Guid> userIds, DateTimeOffset at, CancellationToken ct) =>
        userIds.Count == 0 ? Task.FromResult(0) : db.Database.ExecuteSqlAsync($"""
            INSERT INTO meeting_pack_recipients (meeting_id, user_id, sequence, sent_at)
            SELECT {meetingId}, u, {sequence}, {at} FROM unnest({userIds.ToArray()}) AS u
            ON CONFLICT DO NOTHING
            """, ct);
}

/// <summary>
/// A meeting moved (its time or place changed), kept with what it was: the digest tells members who take such news
/// in their digest "was → now", after the immediate notice has long cleared the meeting's own "was".
/// </summary>
public sealed class MeetingMove
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeetingId { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset WasStartsAt { get; set; }
    public string? WasLocation { get; set; }
}

internal sealed class MeetingMoveConfiguration : IEntityTypeConfiguration<MeetingMove>
{
    public void Configure(EntityTypeBuilder<MeetingMove> b)
    {
        b.ToTable("meeting_moves");
        b.Property(x => x.WasLocation).HasMaxLength(MeetingRules.MaxLocation);
        b.HasIndex(x => new { x.MeetingId, x.At });
        b.HasIndex(x => x.At);
        b.HasOne<Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}
