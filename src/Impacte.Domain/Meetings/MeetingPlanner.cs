using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Preferences;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Meetings;

/// <summary>The meeting logic the Api and the Worker share: generating a cadence's meetings, and what emails need.</summary>
public static class MeetingPlanner
{
    /// <summary>
    /// Makes sure the cadence's meetings exist from now to the horizon. Idempotent: a meeting per cadence date is
    /// unique, so running twice (or on two Workers) inserts nothing new; a moved or cancelled generated meeting
    /// keeps its date and is never brought back.
    /// </summary>
    public static async Task<int> GenerateAsync(ImpacteDbContext db, ClubCadence cadence, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = 0;
        foreach (var occurrence in cadence.Schedule().Between(now, now + MeetingRules.Horizon))
        {
            var meeting = new Meeting { ClubId = cadence.ClubId, StartsAt = occurrence.StartUtc, EndsAt = occurrence.EndUtc, OccurrenceDate = occurrence.Date, CreatedAt = now };
            inserted += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO meetings (id, club_id, starts_at, ends_at, status, sequence, occurrence_date, rsvp_key, created_at)
                VALUES ({meeting.Id}, {meeting.ClubId}, {meeting.StartsAt}, {meeting.EndsAt}, {nameof(MeetingStatus.Scheduled)}, 0,
                        {meeting.OccurrenceDate}, {meeting.RsvpKey}, {now})
                ON CONFLICT (club_id, occurrence_date) DO NOTHING
                """, ct);
        }
        return inserted;
    }

    /// <summary>
    /// When a cadence changes, its future generated meetings that nobody has heard of or touched go, so the new rule
    /// can generate its own; those with a pack sent, an agenda, RSVPs or a change stay as they are.
    /// </summary>
    public static Task<int> ForgetUntouchedAsync(ImpacteDbContext db, Guid clubId, DateTimeOffset now, CancellationToken ct) =>
        db.Meetings.Where(m => m.ClubId == clubId && m.OccurrenceDate != null && m.StartsAt > now && m.PackSentAt == null
                && m.Sequence == 0 && m.Status == MeetingStatus.Scheduled && !m.Agenda.Any() && !m.Rsvps.Any())
            .ExecuteDeleteAsync(ct);

    public static async Task<MeetingBrief> BriefAsync(ImpacteDbContext db, IAgendaQuestions questions, Meeting meeting, CancellationToken ct)
    {
        var club = await db.Clubs.Where(c => c.Id == meeting.ClubId).Select(c => new { c.Name, c.TimeZone }).SingleAsync(ct);
        var timeZone = await db.Cadences.Where(c => c.ClubId == meeting.ClubId).Select(c => c.TimeZone).FirstOrDefaultAsync(ct) ?? club.TimeZone;
        var items = await db.AgendaItems.Where(a => a.MeetingId == meeting.Id).OrderBy(a => a.Position)
            .Select(a => new
            {
                a.QuestionId,
                Presenters = a.Presenters.OrderBy(p => p.Position).Join(db.Users, p => p.UserId, u => u.Id, (p, u) => u.Name).ToList(),
            })
            .ToListAsync(ct);
        var known = await questions.FindAsync(items.Select(i => i.QuestionId).ToList(), ct);
        return new MeetingBrief(meeting, club.Name, timeZone,
            items.Select(i => new MeetingBrief.Item(i.QuestionId, known.GetValueOrDefault(i.QuestionId), i.Presenters)).ToList());
    }

    /// <summary>
    /// The club's members who get its reading packs (and the updates and cancellations that follow them) as they
    /// happen: not those who turned them off or folded them into their digest. Each with their answer, if any.
    /// </summary>
    public static async Task<List<MeetingRecipient>> MembersAsync(ImpacteDbContext db, Guid clubId, Guid meetingId, CancellationToken ct)
    {
        var mailable = db.Users.Mailable().Select(u => u.Id);
        return (await db.Memberships.Where(m => m.ClubId == clubId && m.User.Email != null && mailable.Contains(m.UserId))
            .Where(m => !db.Preferences.Any(p => p.UserId == m.UserId && p.ReadingPacks != EmailDelivery.Immediately))
            .OrderBy(m => m.UserId)
            .Select(m => new
            {
                m.UserId, m.User.Email, m.User.Name,
                Rsvp = db.Rsvps.Where(r => r.MeetingId == meetingId && r.UserId == m.UserId).Select(r => new { r.Response, r.ForStartsAt }).FirstOrDefault(),
            })
            .ToListAsync(ct))
            .Select(x => new MeetingRecipient(x.UserId, x.Email!, x.Name, x.Rsvp?.Response, x.Rsvp?.ForStartsAt)).ToList();
    }

    /// <summary>
    /// Who is told that a meeting moved or was cancelled: everyone who was sent its pack or an earlier change, and
    /// everyone who answered its RSVP, whether or not the pack had gone out; each as their reading-pack preference
    /// says (those who fold packs into the digest see the change there). Each with their answer, if any.
    /// </summary>
    public static async Task<List<MeetingRecipient>> ToldOfChangeAsync(ImpacteDbContext db, Guid meetingId, CancellationToken ct)
    {
        // Who had the pack is its own relation (the digest reads it too); earlier change emails are still known by key.
        var updatePrefix = $"meeting-update:{meetingId}:";
        var sent = db.PackRecipients.Where(p => p.MeetingId == meetingId).Select(p => p.UserId)
            .Union(db.Outbox.Where(e => e.RecipientId != null && e.IdempotencyKey.StartsWith(updatePrefix)).Select(e => e.RecipientId!.Value));
        var answered = db.Rsvps.Where(r => r.MeetingId == meetingId).Select(r => r.UserId);
        var rows = await db.Users.Mailable().Where(u => u.Email != null && (sent.Contains(u.Id) || answered.Contains(u.Id)))
            .Where(u => !db.Preferences.Any(p => p.UserId == u.Id && p.ReadingPacks != EmailDelivery.Immediately))
            .OrderBy(u => u.Id)
            .Select(u => new
            {
                u.Id, u.Email, u.Name,
                Rsvp = db.Rsvps.Where(r => r.MeetingId == meetingId && r.UserId == u.Id).Select(r => new { r.Response, r.ForStartsAt }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.Select(x => new MeetingRecipient(x.Id, x.Email!, x.Name, x.Rsvp?.Response, x.Rsvp?.ForStartsAt)).ToList();
    }

    /// <summary>Those who said yes or maybe, and get reminders as they happen: the reminder's audience.</summary>
    public static Task<List<MeetingRecipient>> ComingAsync(ImpacteDbContext db, Guid meetingId, CancellationToken ct) =>
        db.Rsvps.Where(r => r.MeetingId == meetingId && r.Response != RsvpResponse.No)
            .Where(r => !db.Preferences.Any(p => p.UserId == r.UserId && p.Reminders != EmailDelivery.Immediately))
            .Join(db.Users.Mailable(), r => r.UserId, u => u.Id, (r, u) => new MeetingRecipient(u.Id, u.Email!, u.Name, r.Response, r.ForStartsAt))
            .ToListAsync(ct);
}
