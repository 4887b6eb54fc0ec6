using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Cpd;

/// <summary>Past meetings with recorded attendance, and changes, written straight to the database (the API only schedules future meetings).</summary>
internal static class CpdFixtures
{
    public static async Task<Guid> PastMeetingAsync(ImpacteDbContext db, Guid clubId, DateTimeOffset startsAt, int minutes,
        IEnumerable<Guid> attendees, bool cancelled = false, Guid? questionId = null)
    {
        var meeting = new Meeting
        {
            ClubId = clubId, StartsAt = startsAt, EndsAt = startsAt.AddMinutes(minutes), CreatedAt = startsAt.AddDays(-30),
            Status = cancelled ? MeetingStatus.Cancelled : MeetingStatus.Scheduled,
        };
        db.Meetings.Add(meeting);
        foreach (var userId in attendees)
            db.Attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, UserId = userId, RecordedAt = startsAt.AddHours(2) });
        if (questionId is { } q) db.AgendaItems.Add(new AgendaItem { MeetingId = meeting.Id, QuestionId = q, Position = 0 });
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    /// <summary>A change agreed <paramref name="agreedDaysAgo"/> days ago, owned by <paramref name="ownerId"/>.</summary>
    public static async Task<Guid> ChangeAsync(ImpacteDbContext db, Guid clubId, string title, Guid ownerId, IEnumerable<Guid>? team = null,
        int agreedDaysAgo = 30, ChangeStatus status = ChangeStatus.Agreed, string? abandonReason = null, string? howItMadeADifference = null)
    {
        var agreed = DateTimeOffset.UtcNow.AddDays(-agreedDaysAgo);
        var change = new PracticeChange
        {
            ClubId = clubId, Title = title, Description = "Adults with AF not on an anticoagulant get a review.", OwnerId = ownerId,
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), CreatedAt = agreed, UpdatedAt = agreed.AddDays(1),
            Status = status, AbandonReason = abandonReason, HowItMadeADifference = howItMadeADifference,
            ImplementedAt = status is ChangeStatus.Implemented or ChangeStatus.Sustained ? agreed.AddDays(1) : null,
        };
        foreach (var userId in team ?? []) change.Team.Add(new PracticeChangeTeamMember { ChangeId = change.Id, UserId = userId });
        db.Add(change);
        await db.SaveChangesAsync();
        return change.Id;
    }

    public static Task<Guid> QuestionAsync(ImpacteDbContext db, Guid clubId) =>
        db.Questions.Where(q => q.ClubId == clubId).OrderBy(q => q.CreatedAt).Select(q => q.Id).FirstAsync();
}
