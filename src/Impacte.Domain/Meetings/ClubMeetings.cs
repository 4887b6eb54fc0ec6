using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Meetings;

/// <summary>
/// A club's meetings: cadence, one-off meetings, moves and cancellations, agenda, RSVPs, attendance and minutes.
/// Every change a calendar must follow raises the meeting's SEQUENCE; the Worker sees it trail what members were told
/// and sends the update or cancellation. Each change takes the actor making it: the club's leads (and admins) run the
/// meetings, its members answer RSVPs. Who may see a club at all (404 for strangers) is the caller's gate.
/// </summary>
public sealed class ClubMeetings(ImpacteDbContext db, TimeProvider clock, Email.MemberNotices? notices = null)
{
    public async Task<Meeting> FindAsync(Guid meetingId, CancellationToken ct = default) =>
        await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("The meeting");

    public Task<ClubCadence?> FindCadenceAsync(Guid clubId, CancellationToken ct = default) =>
        db.Cadences.AsNoTracking().SingleOrDefaultAsync(c => c.ClubId == clubId, ct);

    public IQueryable<Meeting> List(Guid clubId, DateTimeOffset? from, DateTimeOffset? to) =>
        db.Meetings.Where(m => m.ClubId == clubId && (from == null || m.StartsAt >= from) && (to == null || m.StartsAt < to))
            .OrderBy(m => m.StartsAt);

    public async Task<ClubCadence> SetCadenceAsync(Actor actor, Guid clubId, string? rrule, string? startTime, int? durationMinutes,
        int? leadTimeDays, string? timeZone, CancellationToken ct = default)
    {
        EnsureLead(actor, clubId);
        var errors = new Dictionary<string, string[]>();
        var rule = MeetingRules.ValidRule(rrule, errors);
        var start = MeetingRules.ValidStartTime(startTime, errors);
        var duration = MeetingRules.ValidDuration(durationMinutes, errors);
        var lead = MeetingRules.ValidLeadTime(leadTimeDays, errors);
        var clubZone = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.TimeZone).SingleAsync(ct);
        var zone = ClubRules.ValidTimeZone(timeZone ?? clubZone, errors);
        MeetingRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, MeetingTime.FindZone(zone)).DateTime);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var cadence = await db.Cadences.SingleOrDefaultAsync(c => c.ClubId == clubId, ct);
            if (cadence is null) db.Cadences.Add(cadence = new ClubCadence { ClubId = clubId, Rule = rule });
            var ruleChanged = cadence.Rule != rule || cadence.StartTime != start || cadence.DurationMinutes != duration || cadence.TimeZone != zone;
            if (ruleChanged) cadence.StartsOn = today;
            (cadence.Rule, cadence.StartTime, cadence.DurationMinutes, cadence.LeadTimeDays, cadence.TimeZone, cadence.UpdatedAt) =
                (rule, start, duration, lead, zone, now);
            await db.SaveChangesAsync(ct);
            // Generated here too (not only by the Worker's hourly job) so the lead sees the meetings at once.
            if (ruleChanged) await MeetingPlanner.ForgetUntouchedAsync(db, clubId, now, ct);
            await MeetingPlanner.GenerateAsync(db, cadence, now, ct);
            await tx.CommitAsync(ct);
            return cadence;
        });
    }

    public async Task<Meeting> CreateAsync(Actor actor, Guid clubId, DateTimeOffset? startsAt, int? durationMinutes, string? location,
        string? onlineUrl, CancellationToken ct = default)
    {
        EnsureLead(actor, clubId);
        var errors = new Dictionary<string, string[]>();
        var now = clock.UtcNowForDb();
        if (startsAt is not { } start) { errors["startsAt"] = ["Enter when the meeting starts (ISO 8601, UTC or with an offset)."]; start = now; }
        else if (start <= now) errors["startsAt"] = ["The meeting must start in the future."];
        var duration = MeetingRules.ValidDuration(durationMinutes ?? 60, errors);
        var meeting = new Meeting
        {
            ClubId = clubId,
            StartsAt = start.ToUniversalTime(),
            EndsAt = start.ToUniversalTime().AddMinutes(duration),
            Location = MeetingRules.ValidLocation(location, errors),
            OnlineUrl = MeetingRules.ValidOnlineUrl(onlineUrl, errors),
            CreatedAt = now,
        };
        MeetingRules.ThrowIfAny(errors);
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    /// <summary>A partial update: null keeps a value; an empty string clears location or link.</summary>
    public async Task UpdateAsync(Actor actor, Meeting meeting, uint expectedVersion, DateTimeOffset? startsAt, int? durationMinutes,
        string? location, string? onlineUrl, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        if (meeting.Version != expectedVersion) throw new StaleVersionException();
        db.Entry(meeting).Property(m => m.Version).OriginalValue = expectedVersion;
        MeetingRules.EnsureNotCancelled(meeting);
        var errors = new Dictionary<string, string[]>();
        var duration = meeting.EndsAt - meeting.StartsAt;
        if (durationMinutes is not null) duration = TimeSpan.FromMinutes(MeetingRules.ValidDuration(durationMinutes, errors));
        var start = startsAt?.ToUniversalTime() ?? meeting.StartsAt;
        if (startsAt is not null && start <= clock.GetUtcNow()) errors["startsAt"] = ["The meeting must start in the future."];
        var place = location is null ? meeting.Location : MeetingRules.ValidLocation(location, errors);
        var online = onlineUrl is null ? meeting.OnlineUrl : MeetingRules.ValidOnlineUrl(onlineUrl, errors);
        MeetingRules.ThrowIfAny(errors);

        var changed = start != meeting.StartsAt || start + duration != meeting.EndsAt || place != meeting.Location || online != meeting.OnlineUrl;
        if (!changed) return;
        // Kept for the digest's "was → now" (the meeting's own "was" clears once the immediate notice goes).
        db.MeetingMoves.Add(new MeetingMove { MeetingId = meeting.Id, At = clock.UtcNowForDb(), WasStartsAt = meeting.StartsAt, WasLocation = meeting.Location });
        meeting.Changed();
        (meeting.StartsAt, meeting.EndsAt, meeting.Location, meeting.OnlineUrl) = (start, start + duration, place, online);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Cancels the meeting; the reason (optional here, asked for by the page) is told to members with the cancellation.</summary>
    public async Task CancelAsync(Actor actor, Meeting meeting, CancellationToken ct = default, string? reason = null)
    {
        EnsureLead(actor, meeting.ClubId);
        if (meeting.Status == MeetingStatus.Cancelled) return;
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why?.Length > MeetingRules.MaxCancelReason)
            throw new DomainValidationException("reason", $"Keep the reason to {MeetingRules.MaxCancelReason} characters or fewer.");
        if (why is not null) UserText.Require(why, "reason");
        meeting.Changed();
        meeting.Status = MeetingStatus.Cancelled;
        meeting.CancelledAt = clock.UtcNowForDb();
        meeting.CancelReason = why;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets the agenda; its questions move through their lifecycle (scheduled, or back to appraised when taken off).</summary>
    public async Task SetAgendaAsync(Actor actor, Meeting meeting, IReadOnlyList<Guid>? questionIds,
        IReadOnlyDictionary<Guid, Guid>? presenters, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        MeetingRules.EnsureNotCancelled(meeting);
        var ids = questionIds ?? [];
        if (ids.Distinct().Count() != ids.Count) throw new DomainValidationException("questionIds", "A question can be on the agenda once.");
        presenters ??= new Dictionary<Guid, Guid>();
        if (presenters.Keys.Any(q => !ids.Contains(q)))
            throw new DomainValidationException("presenters", "Every presenter must present a question on the agenda.");
        await EnsureMembersAsync(meeting.ClubId, presenters.Values, "presenters", ct);

        var existing = await db.AgendaItems.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        var before = existing.Select(a => a.QuestionId).ToList();
        await AgendaQuestionMoves.ApplyAsync(db, meeting, ids.Except(before).ToList(), before.Except(ids).ToList(),
            LifecycleActor(actor, meeting.ClubId), actor.UserId, clock.UtcNowForDb(), ct);
        await NotifyScheduledAsync(actor, meeting, ids.Except(before).ToList(), ct);
        db.AgendaItems.RemoveRange(existing.Where(a => !ids.Contains(a.QuestionId)));
        for (var i = 0; i < ids.Count; i++)
        {
            var item = existing.FirstOrDefault(a => a.QuestionId == ids[i]);
            if (item is null) db.AgendaItems.Add(item = new AgendaItem { MeetingId = meeting.Id, QuestionId = ids[i] });
            item.Position = i + 1;
            item.PresenterId = presenters.TryGetValue(ids[i], out var presenter) ? presenter : null;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The actor's own answer (members, and admins as everywhere).</summary>
    public async Task SetRsvpAsync(Actor actor, Meeting meeting, RsvpResponse response, CancellationToken ct = default)
    {
        if (!actor.IsAdmin && !actor.IsMemberOf(meeting.ClubId)) throw new ForbiddenException("Only the club's members can do this.");
        MeetingRules.EnsureNotCancelled(meeting);
        var now = clock.UtcNowForDb();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO meeting_rsvps (meeting_id, user_id, response, responded_at, for_starts_at)
            VALUES ({meeting.Id}, {actor.UserId}, {response.ToString()}, {now}, {meeting.StartsAt})
            ON CONFLICT (meeting_id, user_id) DO UPDATE SET response = excluded.response, responded_at = excluded.responded_at,
                for_starts_at = excluded.for_starts_at
            """, ct);
    }

    public async Task SetAttendanceAsync(Actor actor, Meeting meeting, IReadOnlyCollection<Guid> userIds, CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        await EnsureMembersAsync(meeting.ClubId, userIds, "userIds", ct);
        var now = clock.UtcNowForDb();
        var existing = await db.Attendance.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        db.Attendance.RemoveRange(existing.Where(a => !userIds.Contains(a.UserId)));
        foreach (var id in userIds.Distinct().Where(id => existing.All(a => a.UserId != id)))
            db.Attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, UserId = id, RecordedAt = now });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes the minutes; a question given an outcome moves to discussed.</summary>
    public async Task SetMinutesAsync(Actor actor, Meeting meeting, string? markdown, IReadOnlyDictionary<Guid, string>? outcomes,
        CancellationToken ct = default)
    {
        EnsureLead(actor, meeting.ClubId);
        if (markdown?.Length > 100_000) throw new DomainValidationException("markdown", "The minutes must be 100,000 characters or fewer.");
        // Minutes and outcomes are shown to the club and emailed: the one free-text rule applies.
        meeting.Minutes = string.IsNullOrWhiteSpace(markdown) ? null : UserText.Require(markdown, "markdown");
        var items = await db.AgendaItems.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        foreach (var (questionId, outcome) in outcomes ?? new Dictionary<Guid, string>())
        {
            var item = items.FirstOrDefault(a => a.QuestionId == questionId)
                ?? throw new DomainValidationException("outcomes", "An outcome must be for a question on the agenda.");
            item.Outcome = string.IsNullOrWhiteSpace(outcome) ? null : UserText.Require(outcome.Trim(), $"outcomes[{questionId}]");
        }
        await AgendaQuestionMoves.DiscussedAsync(db, items.Where(a => a.Outcome is not null).Select(a => a.QuestionId).ToList(),
            LifecycleActor(actor, meeting.ClubId), actor.UserId, clock.UtcNowForDb(), ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Tells the people behind each question newly on the agenda when and where it will be discussed.</summary>
    private async Task NotifyScheduledAsync(Actor actor, Meeting meeting, IReadOnlyList<Guid> added, CancellationToken ct)
    {
        if (notices is null || added.Count == 0) return;
        var club = await db.Clubs.Where(c => c.Id == meeting.ClubId).Select(c => new { c.Name, c.TimeZone }).SingleAsync(ct);
        var zone = await db.Cadences.Where(c => c.ClubId == meeting.ClubId).Select(c => c.TimeZone).FirstOrDefaultAsync(ct) ?? club.TimeZone;
        var when = MeetingRules.Short(meeting.StartsAt, zone);
        var where = MeetingRules.ShortWhere(meeting.Location, meeting.OnlineUrl);
        foreach (var question in await db.Questions.Where(q => added.Contains(q.Id)).ToListAsync(ct))
            await Questions.QuestionNotices.AddAsync(notices, question, club.Name, Questions.QuestionStatus.Scheduled, meeting.Id,
                await Questions.QuestionNotices.VoicesAsync(db, question, ct), actor.UserId,
                where is null ? when : $"{when} — {where}", $"{notices.Base}/meetings/{meeting.Id}", null, ct);
    }

    /// <summary>Running a club's meetings is for its leads and for admins.</summary>
    private static void EnsureLead(Actor actor, Guid clubId)
    {
        if (actor.ForClub(clubId, ClubPermission.Manage) != Verdict.Allowed) throw new ForbiddenException(AccessRules.ClubRefusal(ClubPermission.Manage));
    }

    /// <summary>The same person as the question lifecycle sees them in this club (no longer assumed to be a lead).</summary>
    private static Questions.QuestionActor LifecycleActor(Actor actor, Guid clubId) =>
        new(IsAdmin: actor.IsAdmin, IsClubLead: actor.IsLeadOf(clubId), IsClubMember: actor.IsMemberOf(clubId));

    private async Task EnsureMembersAsync(Guid clubId, IEnumerable<Guid> userIds, string field, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var members = await db.Memberships.CountAsync(m => m.ClubId == clubId && ids.Contains(m.UserId), ct);
        if (members != ids.Count) throw new DomainValidationException(field, "Everyone named must be a member of the club.");
    }
}
