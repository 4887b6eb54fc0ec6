using System.Data.Common;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Meetings;
using Impacte.Domain.Operations;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Worker.Meetings;

/// <summary>
/// The fan-outs behind the meeting jobs. A meeting's outbox rows are written in chunks, each its own transaction
/// (INSERT … ON CONFLICT DO NOTHING on the idempotency keys), so the dispatcher, woken by each chunk's commit, sends
/// while the rest is composed; the mark saying the meeting's emails are written commits with the last chunk. A run
/// killed half-way leaves whole chunks behind and no mark: the next firing (or the recovering node) writes the rest
/// and the keys drop what is already there. A run repeated writes nothing new. The mark is saved against the
/// meeting's xmin, so an edit landing mid-fan-out leaves the mark unset and the meeting is redone with the edit.
/// One meeting (or one member) whose own data cannot make an email is recorded in skipped_work and skipped: it never
/// stops the others.
/// </summary>
public sealed class MeetingMail(ImpacteDbContext db, MeetingEmails emails, IAgendaQuestions questions, TimeProvider clock,
    IConfiguration configuration, ILogger<MeetingMail> log)
{
    /// <summary>
    /// Rows per transaction (Meetings:ChunkSize, default 500): big enough that each insert is one cheap statement,
    /// small enough that sending starts while the rest is composed.
    /// </summary>
    private int ChunkSize => Math.Max(1, configuration.GetValue("Meetings:ChunkSize", 500));

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
        return await EachAsync("reading-pack", due, id => FanOutAsync("reading-pack", id, m => m.PackSentAt is null && m.Status == MeetingStatus.Scheduled,
            async m => (await MeetingPlanner.MembersAsync(db, m.ClubId, m.Id, ct), emails.ReadingPack),
            // The pack tells the meeting as it is now: any earlier change is told with it.
            m => { m.PackSentAt = now; m.NotifiedSequence = m.Sequence; m.ForgetWas(); }, ct), ct);
    }

    /// <summary>
    /// Updates (same UID, higher SEQUENCE, "was → now") and cancellations (with the reason) for meetings changed after
    /// members heard of them: after the pack went out, or, before it, once anyone has answered the RSVP. They go to
    /// everyone who was sent the pack or answered (<see cref="MeetingPlanner.ToldOfChangeAsync"/>).
    /// </summary>
    public async Task<int> SendChangesAsync(CancellationToken ct)
    {
        var changed = await db.Meetings.Where(m => m.WasStartsAt != null
                && (m.NotifiedSequence == null ? m.Rsvps.Any() : m.Sequence > m.NotifiedSequence))
            .OrderBy(m => m.StartsAt).Select(m => m.Id).ToListAsync(ct);
        return await EachAsync("meeting-change", changed, id => FanOutAsync("meeting-change", id,
            m => m.WasStartsAt is not null && (m.NotifiedSequence is not { } told || m.Sequence > told),
            async m => (await MeetingPlanner.ToldOfChangeAsync(db, m.Id, ct),
                m.Status == MeetingStatus.Cancelled ? emails.Cancellation : emails.Update),
            m => { m.NotifiedSequence = m.Sequence; m.ForgetWas(); }, ct), ct);
    }

    /// <summary>Reminders, a day ahead, to those who answered yes or maybe.</summary>
    public async Task<int> SendRemindersAsync(CancellationToken ct)
    {
        var now = clock.UtcNowForDb();
        var tomorrow = now.AddDays(1);
        var due = await db.Meetings.Where(m => m.Status == MeetingStatus.Scheduled && m.ReminderSentAt == null
                && m.StartsAt > now && m.StartsAt <= tomorrow)
            .OrderBy(m => m.StartsAt).Select(m => m.Id).ToListAsync(ct);
        return await EachAsync("meeting-reminder", due, id => FanOutAsync("meeting-reminder", id, m => m.ReminderSentAt is null && m.Status == MeetingStatus.Scheduled,
            async m => (await MeetingPlanner.ComingAsync(db, m.Id, ct), emails.Reminder),
            m => m.ReminderSentAt = now, ct), ct);
    }

    /// <summary>
    /// Runs one fan-out per meeting. A meeting whose own data breaks it is recorded and skipped (and tried again next
    /// run, so fixing the data is enough); a meeting edited mid-fan-out is left for the next run. Database trouble and
    /// cancellation still end the run: they are not the meeting's fault, and the job's retry handles them.
    /// </summary>
    private async Task<int> EachAsync(string kind, IReadOnlyList<Guid> meetings, Func<Guid, Task<int>> fanOut, CancellationToken ct)
    {
        var written = 0;
        foreach (var id in meetings)
        {
            try
            {
                written += await fanOut(id);
            }
            catch (DbUpdateConcurrencyException)
            {
                log.LogInformation("Meeting {MeetingId} changed during its {Kind} fan-out; it is redone next run", id, kind);
            }
            catch (Exception e) when (IsTheItemsFault(e))
            {
                log.LogError(e, "Meeting {MeetingId}: {Kind} skipped: {Reason}", id, kind, Reason(e));
                await SkippedWork.RecordAsync(db, kind, id.ToString(), Reason(e), clock.UtcNowForDb(), ct);
            }
        }
        return written;
    }

    /// <summary>The reason in words an operator can act on: which field, and what is wrong with it.</summary>
    private static string Reason(Exception e) => e is DomainValidationException invalid
        ? string.Join("; ", invalid.Errors.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
        : $"{e.GetType().Name}: {e.Message}";

    /// <summary>What the item's own data caused, as opposed to the database, the network or a shutdown.</summary>
    private static bool IsTheItemsFault(Exception e) =>
        e is not (OperationCanceledException or DbException or DbUpdateException or TimeoutException or OutOfMemoryException)
        && e.InnerException is not DbException;

    private async Task<int> FanOutAsync(string kind, Guid meetingId, Func<Meeting, bool> stillDue,
        Func<Meeting, Task<(List<MeetingRecipient> To, Func<MeetingBrief, MeetingRecipient, OutboxEmail> Compose)>> plan,
        Action<Meeting> mark, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null || !stillDue(meeting)) return 0;
        var brief = await MeetingPlanner.BriefAsync(db, questions, meeting, ct);
        var (to, compose) = await plan(meeting);

        var written = 0;
        var total = 0;
        var skipped = new List<(MeetingRecipient To, Exception Why)>();
        var chunks = to.Chunk(ChunkSize).DefaultIfEmpty([]).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var rows = new List<OutboxEmail>(chunks[i].Length);
            foreach (var recipient in chunks[i])
            {
                try
                {
                    rows.Add(compose(brief, recipient));
                }
                catch (Exception e) when (IsTheItemsFault(e))
                {
                    skipped.Add((recipient, e));
                }
            }
            // Nobody's email could be made: the meeting itself is at fault (its club's name, say), not its members.
            if (i == 0 && rows.Count == 0 && skipped.Count > 0) throw skipped[0].Why;

            var last = i == chunks.Count - 1;
            written += await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var inserted = await OutboxWriter.InsertNewAsync(db, rows, ct);
                // Who was sent the pack, as a relation (the digest and later notices ask it), in the same transaction.
                if (kind == "reading-pack")
                    await MeetingPackRecipients.RecordAsync(db, meetingId, meeting.Sequence,
                        rows.Where(r => r.RecipientId is not null).Select(r => r.RecipientId!.Value).ToList(), clock.UtcNowForDb(), ct);
                if (last)
                {
                    var current = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct);
                    // Edited since it was read: the emails written so far say what it was; the next run says what it is.
                    if (current is null || current.Version != meeting.Version) throw new DbUpdateConcurrencyException($"Meeting {meetingId} changed.");
                    mark(current);
                    await db.SaveChangesAsync(ct);
                }
                await tx.CommitAsync(ct);
                return inserted;
            });
            total += rows.Count;
        }

        foreach (var (recipient, why) in skipped)
        {
            log.LogError(why, "Meeting {MeetingId}: {Kind} email to {UserId} skipped: {Reason}", meetingId, kind, recipient.UserId, Reason(why));
            await SkippedWork.RecordAsync(db, $"{kind}-email", $"{meetingId}/{recipient.UserId}", Reason(why), clock.UtcNowForDb(), ct);
        }
        log.LogInformation("Meeting {MeetingId}: {Written} of {Count} {Kind} emails written to the outbox", meetingId, written, total, kind);
        return written;
    }

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
