using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Meetings;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Cpd;

/// <summary>What an attendee writes about a meeting; blank parts are left empty, but not both.</summary>
public sealed record ReflectionInput(string? WhatILearned, string? WhatIWillChange);

/// <summary>
/// CPD evidence: reflections on meetings attended, and each person's own CPD log (meetings attended with their hours
/// and reflections; the changes they own or work on as quality-improvement activity). Everything here is the actor's
/// own: nobody, admins included, reads or writes another person's reflection or log.
/// </summary>
public sealed class CpdEvidence(ImpacteDbContext db, TimeProvider clock, IChangeResults results)
{
    private DbSet<MeetingReflection> Reflections => db.Set<MeetingReflection>();

    /// <summary>The period asked for, or the last 12 months; a start after the end is a field error.</summary>
    public CpdPeriod Period(DateOnly? from, DateOnly? to)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var period = CpdPeriod.LastTwelveMonths(to ?? today);
        period = new CpdPeriod(from ?? period.From, to ?? period.To);
        if (period.From > period.To) throw new DomainValidationException("from", "The start of the period must be on or before its end.");
        if (period.To.DayNumber - period.From.DayNumber > 366 * 10) throw new DomainValidationException("from", "Choose a period of ten years or less.");
        return period;
    }

    /// <summary>
    /// Whether the actor may reflect on the meeting: they were recorded as attending it. Someone who may see the
    /// meeting (its club's members, admins) but did not attend hears 403; anyone else 404, as if it did not exist.
    /// </summary>
    public async Task<Meeting> AttendedMeetingAsync(Guid meetingId, Actor actor, CancellationToken ct = default)
    {
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct);
        if (meeting is null) throw new NotFoundException("The meeting");
        if (await db.Attendance.AnyAsync(a => a.MeetingId == meetingId && a.UserId == actor.UserId, ct)) return meeting;
        if (actor.IsAdmin || actor.IsMemberOf(meeting.ClubId))
            throw new ForbiddenException("Only people recorded as attending the meeting can write a reflection on it.");
        throw new NotFoundException("The meeting");
    }

    /// <summary>The actor's own reflection on a meeting they attended, or null when they have not written one.</summary>
    public async Task<MeetingReflection?> FindReflectionAsync(Guid meetingId, Actor actor, CancellationToken ct = default)
    {
        await AttendedMeetingAsync(meetingId, actor, ct);
        return await Reflections.AsNoTracking().SingleOrDefaultAsync(r => r.MeetingId == meetingId && r.UserId == actor.UserId, ct);
    }

    /// <summary>Writes or replaces the actor's reflection on a meeting they attended.</summary>
    public async Task<MeetingReflection> SaveReflectionAsync(Guid meetingId, ReflectionInput input, Actor actor, CancellationToken ct = default)
    {
        await AttendedMeetingAsync(meetingId, actor, ct);
        var errors = new Dictionary<string, string[]>();
        var learned = Text(input.WhatILearned, "whatILearned", errors);
        var change = Text(input.WhatIWillChange, "whatIWillChange", errors);
        if (learned is null && change is null && errors.Count == 0)
            errors["whatILearned"] = ["Write what you learned, what you will change, or both."];
        ClubRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var reflection = await Reflections.SingleOrDefaultAsync(r => r.MeetingId == meetingId && r.UserId == actor.UserId, ct);
        if (reflection is null)
            Reflections.Add(reflection = new MeetingReflection { MeetingId = meetingId, UserId = actor.UserId, CreatedAt = now });
        reflection.WhatILearned = learned;
        reflection.WhatIWillChange = change;
        reflection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return reflection;
    }

    /// <summary>The actor's own CPD log over <paramref name="period"/>.</summary>
    public async Task<CpdLog> LogAsync(Actor actor, CpdPeriod period, CancellationToken ct = default)
    {
        var me = await db.Users.Where(u => u.Id == actor.UserId).Select(u => new { u.Name, u.Profession }).SingleAsync(ct);
        var (start, end) = (period.StartUtc, period.EndUtc);

        // Meetings attended (a cancelled one was not held, whatever the record says), oldest first.
        var meetings = await (
            from a in db.Attendance
            join m in db.Meetings on a.MeetingId equals m.Id
            where a.UserId == actor.UserId && m.Status != MeetingStatus.Cancelled && m.StartsAt >= start && m.StartsAt < end
            orderby m.StartsAt
            select new { m.Id, m.ClubId, ClubName = m.Club.Name, m.Club.TimeZone, m.StartsAt, m.EndsAt }).ToListAsync(ct);
        var meetingIds = meetings.Select(m => m.Id).ToList();
        var topics = (await (
            from i in db.AgendaItems
            join q in db.Questions on i.QuestionId equals q.Id
            where meetingIds.Contains(i.MeetingId)
            orderby i.Position
            select new { i.MeetingId, q.Title }).ToListAsync(ct)).ToLookup(t => t.MeetingId, t => t.Title);
        var reflections = await Reflections.AsNoTracking()
            .Where(r => r.UserId == actor.UserId && meetingIds.Contains(r.MeetingId)).ToDictionaryAsync(r => r.MeetingId, ct);
        var learning = meetings.Select(m => new LearningEvent(
            m.Id, m.ClubId, m.ClubName, m.TimeZone, m.StartsAt, m.EndsAt, Hours(m.StartsAt, m.EndsAt), topics[m.Id].ToList(),
            reflections.TryGetValue(m.Id, out var r) ? new CpdReflection(r.WhatILearned, r.WhatIWillChange, r.UpdatedAt) : null)).ToList();

        // Changes owned or worked on that were live in the period: agreed before it ended, and not closed before it began.
        var changes = await db.Set<PracticeChange>().AsNoTracking()
            .Where(c => c.OwnerId == actor.UserId || c.Team.Any(t => t.UserId == actor.UserId))
            .Where(c => c.CreatedAt < end)
            .Where(c => (c.Status != ChangeStatus.Sustained && c.Status != ChangeStatus.Abandoned) || c.UpdatedAt >= start)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { Change = c, ClubName = c.Club.Name }).ToListAsync(ct);
        var measured = await results.ForChangesAsync(changes.Select(c => c.Change.Id).ToList(), ct);
        var improvement = changes.Select(x =>
        {
            var c = x.Change;
            return new QualityImprovement(
                c.Id, c.ClubId, x.ClubName, c.Title, c.Description, c.OwnerId == actor.UserId ? "owner" : "team member", c.Status,
                c.CreatedAt, c.DueOn, c.ImplementedAt, c.AbandonReason, c.WhatDidNotWork, c.HowItMadeADifference,
                measured.TryGetValue(c.Id, out var m) ? m : []);
        }).ToList();

        return new CpdLog(actor.UserId, me.Name, me.Profession, period, learning, improvement);
    }

    /// <summary>A meeting's length in hours, to two decimals (a 90-minute meeting is 1.5 hours of learning).</summary>
    public static decimal Hours(DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        Math.Round((decimal)Math.Max(0, (endsAt - startsAt).TotalMinutes) / 60m, 2);

    /// <summary>Trimmed text, or null when blank; too long, or carrying an NHS number, is a field error.</summary>
    private static string? Text(string? value, string field, Dictionary<string, string[]> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null) return null;
        if (text.Length > MeetingReflection.MaxText) errors[field] = [$"Keep this to {MeetingReflection.MaxText} characters or fewer."];
        else if (PatientIdentifiers.Scan(text).IsRefused) errors[field] = [PatientIdentifiers.NhsNumberMessage];
        return text;
    }
}
