using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Worker.Meetings;

/// <summary>
/// The fan-outs behind the meeting jobs. Each meeting is one transaction: its outbox rows (ON CONFLICT DO NOTHING on
/// their idempotency keys) and the mark saying they were written commit together. A run killed half-way leaves
/// nothing behind and the next firing (or the recovering node) writes it all; a run repeated writes nothing new.
/// The mark is saved against the meeting's xmin, so an edit landing mid-fan-out rolls it back to be redone.
/// </summary>
public sealed class MeetingMail(ImpacteDbContext db, MeetingEmails emails, IAgendaQuestions questions, TimeProvider clock, ILogger<MeetingMail> log)
{
    /// <summary>Reading packs for the meetings whose lead time has come (at once for one added inside it).</summary>
    public async Task<int> SendDuePacksAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var due = await db.Database.SqlQuery<Guid>($"""
            SELECT m.id AS "Value" FROM meetings m LEFT JOIN club_cadences c ON c.club_id = m.club_id
            WHERE m.status = {nameof(MeetingStatus.Scheduled)} AND m.pack_sent_at IS NULL AND m.starts_at > {now}
              AND m.starts_at - make_interval(days => coalesce(c.lead_time_days, {ClubCadence.DefaultLeadTimeDays})) <= {now}
            ORDER BY m.starts_at
            """).ToListAsync(ct);
        var written = 0;
        foreach (var id in due)
            written += await FanOutAsync(id, m => m.PackSentAt is null && m.Status == MeetingStatus.Scheduled,
                async m => (await MeetingPlanner.MembersAsync(db, m.ClubId, ct), emails.ReadingPack),
                m => { m.PackSentAt = now; m.NotifiedSequence = m.Sequence; }, ct);
        return written;
    }

    /// <summary>Updates (same UID, higher SEQUENCE) and cancellations for meetings changed after members heard of them.</summary>
    public async Task<int> SendChangesAsync(CancellationToken ct)
    {
        var changed = await db.Meetings.Where(m => m.NotifiedSequence != null && m.Sequence > m.NotifiedSequence)
            .OrderBy(m => m.StartsAt).Select(m => m.Id).ToListAsync(ct);
        var written = 0;
        foreach (var id in changed)
            written += await FanOutAsync(id, m => m.NotifiedSequence is { } told && m.Sequence > told,
                async m => (await MeetingPlanner.MembersAsync(db, m.ClubId, ct),
                    m.Status == MeetingStatus.Cancelled ? emails.Cancellation : emails.Update),
                m => m.NotifiedSequence = m.Sequence, ct);
        return written;
    }

    /// <summary>Reminders, a day ahead, to those who answered yes or maybe.</summary>
    public async Task<int> SendRemindersAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var tomorrow = now.AddDays(1);
        var due = await db.Meetings.Where(m => m.Status == MeetingStatus.Scheduled && m.ReminderSentAt == null
                && m.StartsAt > now && m.StartsAt <= tomorrow)
            .OrderBy(m => m.StartsAt).Select(m => m.Id).ToListAsync(ct);
        var written = 0;
        foreach (var id in due)
            written += await FanOutAsync(id, m => m.ReminderSentAt is null && m.Status == MeetingStatus.Scheduled,
                async m => (await MeetingPlanner.ComingAsync(db, m.Id, ct), emails.Reminder),
                m => m.ReminderSentAt = now, ct);
        return written;
    }

    private Task<int> FanOutAsync(Guid meetingId, Func<Meeting, bool> stillDue,
        Func<Meeting, Task<(List<MeetingRecipient> To, Func<MeetingBrief, MeetingRecipient, OutboxEmail> Compose)>> plan,
        Action<Meeting> mark, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct);
            if (meeting is null || !stillDue(meeting)) return 0;

            var brief = await MeetingPlanner.BriefAsync(db, questions, meeting, ct);
            var (to, compose) = await plan(meeting);
            var rows = to.Select(r => compose(brief, r)).ToList();
            var written = await OutboxWriter.InsertNewAsync(db, rows, ct);
            mark(meeting);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Meeting {MeetingId}: {Written} of {Count} {Kind} emails written to the outbox",
                meetingId, written, rows.Count, rows.FirstOrDefault()?.Kind ?? "no");
            return written;
        });

    /// <summary>Keeps every cadence's meetings generated to the horizon.</summary>
    public async Task<int> GenerateAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var inserted = 0;
        foreach (var cadence in await db.Cadences.AsNoTracking().ToListAsync(ct))
        {
            try
            {
                inserted += await MeetingPlanner.GenerateAsync(db, cadence, now, ct);
            }
            catch (DomainException e)
            {
                // One club's broken rule (a time zone gone from the machine) must not stop the others.
                log.LogWarning("Club {ClubId}: cadence not generated: {Reason}", cadence.ClubId, e.Message);
            }
        }
        return inserted;
    }
}
