using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Meetings;

internal sealed class ClubCadenceConfiguration : IEntityTypeConfiguration<ClubCadence>
{
    public void Configure(EntityTypeBuilder<ClubCadence> b)
    {
        b.ToTable("club_cadences");
        b.HasKey(x => x.ClubId);
        b.Property(x => x.Rule).HasMaxLength(200);
        b.Property(x => x.TimeZone).HasMaxLength(64);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        b.HasOne<Club>().WithOne().HasForeignKey<ClubCadence>(x => x.ClubId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.ToTable("meetings");
        b.Property(x => x.Location).HasMaxLength(MeetingRules.MaxLocation);
        b.Property(x => x.OnlineUrl).HasMaxLength(MeetingRules.MaxUrl);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CancelReason).HasMaxLength(MeetingRules.MaxCancelReason);
        b.Property(x => x.WasLocation).HasMaxLength(MeetingRules.MaxLocation);
        b.Property(x => x.WasOnlineUrl).HasMaxLength(MeetingRules.MaxUrl);
        b.Ignore(x => x.Was);
        b.Property(x => x.Version).HasColumnName("xmin").IsRowVersion();
        b.HasOne(x => x.Club).WithMany().HasForeignKey(x => x.ClubId).OnDelete(DeleteBehavior.Cascade);
        // The generator inserts ON CONFLICT against this: one meeting per cadence date, however often it runs.
        b.HasIndex(x => new { x.ClubId, x.OccurrenceDate }).IsUnique();
        b.HasIndex(x => new { x.ClubId, x.StartsAt });
        b.HasMany(x => x.Agenda).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Rsvps).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Attendance).WithOne().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgendaItemConfiguration : IEntityTypeConfiguration<AgendaItem>
{
    public void Configure(EntityTypeBuilder<AgendaItem> b)
    {
        b.ToTable("agenda_items");
        b.HasIndex(x => new { x.MeetingId, x.QuestionId }).IsUnique();
        b.HasIndex(x => x.QuestionId);
        b.HasMany(x => x.Presenters).WithOne().HasForeignKey(x => x.AgendaItemId).OnDelete(DeleteBehavior.Cascade);
        // A question discussed at a meeting stays: its minutes and outcome are part of its history.
        b.HasOne<Questions.ClinicalQuestion>().WithMany().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AgendaPresenterConfiguration : IEntityTypeConfiguration<AgendaPresenter>
{
    public void Configure(EntityTypeBuilder<AgendaPresenter> b)
    {
        b.ToTable("agenda_item_presenters");
        b.HasKey(x => new { x.AgendaItemId, x.UserId });
        // An erased account stops presenting; the item and its minutes stay.
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class MeetingRsvpConfiguration : IEntityTypeConfiguration<MeetingRsvp>
{
    public void Configure(EntityTypeBuilder<MeetingRsvp> b)
    {
        b.ToTable("meeting_rsvps");
        b.HasKey(x => new { x.MeetingId, x.UserId });
        b.Property(x => x.Response).HasConversion<string>().HasMaxLength(8);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> b)
    {
        b.ToTable("meeting_attendance");
        b.HasKey(x => new { x.MeetingId, x.UserId });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
