using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Markdown;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Meetings;

public sealed record CadenceRequest(string? Rrule, string? StartTime, int? DurationMinutes, int? LeadTimeDays, string? TimeZone);
public sealed record CadenceResponse(string Rrule, string Description, string StartTime, int DurationMinutes, int LeadTimeDays, string TimeZone, DateOnly StartsOn);
public sealed record CreateMeetingRequest(DateTimeOffset? StartsAt, int? DurationMinutes, string? Location, string? OnlineUrl);
/// <summary>A partial update: fields left out (or null) keep their value; an empty string clears location or link.</summary>
public sealed record UpdateMeetingRequest(DateTimeOffset? StartsAt, int? DurationMinutes, string? Location, string? OnlineUrl);
public sealed record AgendaRequest(IReadOnlyList<Guid>? QuestionIds, IReadOnlyDictionary<Guid, Guid>? Presenters);
public sealed record RsvpRequest(string? Response);
public sealed record AttendanceRequest(IReadOnlyList<Guid>? UserIds);
public sealed record MinutesRequest(string? Markdown, IReadOnlyDictionary<Guid, string>? Outcomes);

public sealed record MeetingSummary(Guid Id, Guid ClubId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl, string Status, int Sequence);
public sealed record AgendaItemResponse(Guid QuestionId, string? Title, string? QuestionStatus, Guid? PresenterId, string? PresenterName, string? Outcome);
public sealed record AgendaChoice(Guid QuestionId, string Title, string Status);
public sealed record RsvpCounts(int Yes, int Maybe, int No);
public sealed record PersonResponse(Guid UserId, string Name);
public sealed record MeetingResponse(
    Guid Id, Guid ClubId, string ClubName, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl,
    string Status, int Sequence, bool PackSent, IReadOnlyList<AgendaItemResponse> Agenda, RsvpCounts Rsvps, string? MyRsvp,
    IReadOnlyList<PersonResponse> Attendance, string? MinutesMarkdown, string MinutesHtml);

/// <summary>
/// What the meetings endpoints and pages do, in one place. Every change a calendar must follow raises the meeting's
/// SEQUENCE; the Worker sees it trail what members were told and sends the update or cancellation.
/// </summary>
public sealed class MeetingService(ImpacteDbContext db, ClubAccess access, TimeProvider clock)
{
    /// <summary>The club of a meeting, checked against the caller's right in it (404 for strangers, as for clubs).</summary>
    public async Task<Meeting> LoadAsync(Guid meetingId, ClaimsPrincipal user, ClubPermission permission, CancellationToken ct)
    {
        var meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == meetingId, ct) ?? throw new NotFoundException("The meeting");
        try
        {
            await access.EnsureAsync(meeting.ClubId, user, permission, ct);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("The meeting");
        }
        return meeting;
    }

    public async Task<CadenceResponse?> GetCadenceAsync(Guid clubId, CancellationToken ct) =>
        await db.Cadences.AsNoTracking().SingleOrDefaultAsync(c => c.ClubId == clubId, ct) is { } c ? ToResponse(c) : null;

    public async Task<CadenceResponse> SetCadenceAsync(Guid clubId, CadenceRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var rule = MeetingRules.ValidRule(request.Rrule, errors);
        var startTime = MeetingRules.ValidStartTime(request.StartTime, errors);
        var duration = MeetingRules.ValidDuration(request.DurationMinutes, errors);
        var lead = MeetingRules.ValidLeadTime(request.LeadTimeDays, errors);
        var clubZone = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.TimeZone).SingleAsync(ct);
        var zone = ClubRules.ValidTimeZone(request.TimeZone ?? clubZone, errors);
        MeetingRules.ThrowIfAny(errors);

        var now = clock.UtcNowForDb();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, MeetingTime.FindZone(zone)).DateTime);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var cadence = await db.Cadences.SingleOrDefaultAsync(c => c.ClubId == clubId, ct);
            if (cadence is null) db.Cadences.Add(cadence = new ClubCadence { ClubId = clubId, Rule = rule });
            var ruleChanged = cadence.Rule != rule || cadence.StartTime != startTime || cadence.DurationMinutes != duration || cadence.TimeZone != zone;
            if (ruleChanged) cadence.StartsOn = today;
            (cadence.Rule, cadence.StartTime, cadence.DurationMinutes, cadence.LeadTimeDays, cadence.TimeZone, cadence.UpdatedAt) =
                (rule, startTime, duration, lead, zone, now);
            await db.SaveChangesAsync(ct);
            // Generated here too (not only by the Worker's hourly job) so the lead sees the meetings at once.
            if (ruleChanged) await MeetingPlanner.ForgetUntouchedAsync(db, clubId, now, ct);
            await MeetingPlanner.GenerateAsync(db, cadence, now, ct);
            await tx.CommitAsync(ct);
            return ToResponse(cadence);
        });
    }

    public IQueryable<MeetingSummary> List(Guid clubId, DateTimeOffset? from, DateTimeOffset? to) =>
        db.Meetings.Where(m => m.ClubId == clubId && (from == null || m.StartsAt >= from) && (to == null || m.StartsAt < to))
            .OrderBy(m => m.StartsAt)
            .Select(m => new MeetingSummary(m.Id, m.ClubId, m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl, m.Status.ToString().ToLower(), m.Sequence));

    public async Task<Meeting> CreateAsync(Guid clubId, CreateMeetingRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var now = clock.UtcNowForDb();
        if (request.StartsAt is not { } startsAt) { errors["startsAt"] = ["Enter when the meeting starts (ISO 8601, UTC or with an offset)."]; startsAt = now; }
        else if (startsAt <= now) errors["startsAt"] = ["The meeting must start in the future."];
        var duration = MeetingRules.ValidDuration(request.DurationMinutes ?? 60, errors);
        var meeting = new Meeting
        {
            ClubId = clubId,
            StartsAt = startsAt.ToUniversalTime(),
            EndsAt = startsAt.ToUniversalTime().AddMinutes(duration),
            Location = MeetingRules.ValidLocation(request.Location, errors),
            OnlineUrl = MeetingRules.ValidOnlineUrl(request.OnlineUrl, errors),
            CreatedAt = now,
        };
        MeetingRules.ThrowIfAny(errors);
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync(ct);
        return meeting;
    }

    public async Task UpdateAsync(Meeting meeting, uint expectedVersion, UpdateMeetingRequest request, CancellationToken ct)
    {
        if (meeting.Version != expectedVersion) throw new StaleVersionException();
        db.Entry(meeting).Property(m => m.Version).OriginalValue = expectedVersion;
        MeetingRules.EnsureNotCancelled(meeting);
        var errors = new Dictionary<string, string[]>();
        var duration = meeting.EndsAt - meeting.StartsAt;
        if (request.DurationMinutes is not null) duration = TimeSpan.FromMinutes(MeetingRules.ValidDuration(request.DurationMinutes, errors));
        var startsAt = request.StartsAt?.ToUniversalTime() ?? meeting.StartsAt;
        if (request.StartsAt is not null && startsAt <= clock.GetUtcNow()) errors["startsAt"] = ["The meeting must start in the future."];
        var location = request.Location is null ? meeting.Location : MeetingRules.ValidLocation(request.Location, errors);
        var online = request.OnlineUrl is null ? meeting.OnlineUrl : MeetingRules.ValidOnlineUrl(request.OnlineUrl, errors);
        MeetingRules.ThrowIfAny(errors);

        var changed = startsAt != meeting.StartsAt || startsAt + duration != meeting.EndsAt || location != meeting.Location || online != meeting.OnlineUrl;
        if (!changed) return;
        (meeting.StartsAt, meeting.EndsAt, meeting.Location, meeting.OnlineUrl) = (startsAt, startsAt + duration, location, online);
        meeting.Changed();
        await db.SaveChangesAsync(ct);
    }

    public async Task CancelAsync(Meeting meeting, CancellationToken ct)
    {
        if (meeting.Status == MeetingStatus.Cancelled) return;
        meeting.Status = MeetingStatus.Cancelled;
        meeting.CancelledAt = clock.UtcNowForDb();
        meeting.Changed();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets the agenda; its questions move through their lifecycle (scheduled, or back to appraised when taken off).</summary>
    public async Task SetAgendaAsync(Meeting meeting, AgendaRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        MeetingRules.EnsureNotCancelled(meeting);
        var ids = request.QuestionIds ?? [];
        if (ids.Distinct().Count() != ids.Count) throw new DomainValidationException("questionIds", "A question can be on the agenda once.");
        var presenters = request.Presenters ?? new Dictionary<Guid, Guid>();
        if (presenters.Keys.Any(q => !ids.Contains(q)))
            throw new DomainValidationException("presenters", "Every presenter must present a question on the agenda.");
        await EnsureMembersAsync(meeting.ClubId, presenters.Values, "presenters", ct);

        var existing = await db.AgendaItems.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        var before = existing.Select(a => a.QuestionId).ToList();
        await AgendaQuestionMoves.ApplyAsync(db, meeting, ids.Except(before).ToList(), before.Except(ids).ToList(),
            ActorOf(user), user.Id(), clock.UtcNowForDb(), ct);
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

    public async Task SetRsvpAsync(Meeting meeting, Guid userId, RsvpResponse response, CancellationToken ct)
    {
        MeetingRules.EnsureNotCancelled(meeting);
        var now = clock.UtcNowForDb();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO meeting_rsvps (meeting_id, user_id, response, responded_at) VALUES ({meeting.Id}, {userId}, {response.ToString()}, {now})
            ON CONFLICT (meeting_id, user_id) DO UPDATE SET response = excluded.response, responded_at = excluded.responded_at
            """, ct);
    }

    public async Task SetAttendanceAsync(Meeting meeting, IReadOnlyCollection<Guid> userIds, CancellationToken ct)
    {
        await EnsureMembersAsync(meeting.ClubId, userIds, "userIds", ct);
        var now = clock.UtcNowForDb();
        var existing = await db.Attendance.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        db.Attendance.RemoveRange(existing.Where(a => !userIds.Contains(a.UserId)));
        foreach (var id in userIds.Distinct().Where(id => existing.All(a => a.UserId != id)))
            db.Attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, UserId = id, RecordedAt = now });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes the minutes; a question given an outcome moves to discussed.</summary>
    public async Task SetMinutesAsync(Meeting meeting, MinutesRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Markdown?.Length > 100_000) throw new DomainValidationException("markdown", "The minutes must be 100,000 characters or fewer.");
        // Minutes and outcomes are shown to the club and emailed: the one free-text rule applies.
        meeting.Minutes = string.IsNullOrWhiteSpace(request.Markdown) ? null : UserText.Require(request.Markdown, "markdown");
        var items = await db.AgendaItems.Where(a => a.MeetingId == meeting.Id).ToListAsync(ct);
        foreach (var (questionId, outcome) in request.Outcomes ?? new Dictionary<Guid, string>())
        {
            var item = items.FirstOrDefault(a => a.QuestionId == questionId)
                ?? throw new DomainValidationException("outcomes", "An outcome must be for a question on the agenda.");
            item.Outcome = string.IsNullOrWhiteSpace(outcome) ? null : UserText.Require(outcome.Trim(), $"outcomes[{questionId}]");
        }
        await AgendaQuestionMoves.DiscussedAsync(db, items.Where(a => a.Outcome is not null).Select(a => a.QuestionId).ToList(),
            ActorOf(user), user.Id(), clock.UtcNowForDb(), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<MeetingResponse> DescribeAsync(Guid meetingId, Guid userId, CancellationToken ct)
    {
        var m = await db.Meetings.AsNoTracking().Include(x => x.Club).SingleAsync(x => x.Id == meetingId, ct);
        var zone = await db.Cadences.Where(c => c.ClubId == m.ClubId).Select(c => c.TimeZone).FirstOrDefaultAsync(ct) ?? m.Club.TimeZone;
        var agenda = await db.AgendaItems.Where(a => a.MeetingId == meetingId).OrderBy(a => a.Position)
            .Select(a => new AgendaItemResponse(a.QuestionId,
                db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).FirstOrDefault(),
                db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Status.ToString().ToLower()).FirstOrDefault(),
                a.PresenterId, db.Users.Where(u => u.Id == a.PresenterId).Select(u => u.Name).FirstOrDefault(), a.Outcome))
            .ToListAsync(ct);
        var rsvps = await db.Rsvps.Where(r => r.MeetingId == meetingId).Select(r => new { r.UserId, r.Response }).ToListAsync(ct);
        var attendance = await db.Attendance.Where(a => a.MeetingId == meetingId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u).OrderBy(u => u.Name).Select(u => new PersonResponse(u.Id, u.Name)).ToListAsync(ct);
        return new MeetingResponse(m.Id, m.ClubId, m.Club.Name, zone, m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl,
            m.Status.ToString().ToLowerInvariant(), m.Sequence, m.PackSentAt is not null, agenda,
            new RsvpCounts(rsvps.Count(r => r.Response == RsvpResponse.Yes), rsvps.Count(r => r.Response == RsvpResponse.Maybe), rsvps.Count(r => r.Response == RsvpResponse.No)),
            rsvps.FirstOrDefault(r => r.UserId == userId)?.Response.ToString().ToLowerInvariant(),
            attendance, m.Minutes, SafeMarkdown.ToHtml(m.Minutes));
    }

    private async Task EnsureMembersAsync(Guid clubId, IEnumerable<Guid> userIds, string field, CancellationToken ct)
    {
        var ids = userIds.Distinct().ToList();
        var members = await db.Memberships.CountAsync(m => m.ClubId == clubId && ids.Contains(m.UserId), ct);
        if (members != ids.Count) throw new DomainValidationException(field, "Everyone named must be a member of the club.");
    }

    /// <summary>Agenda and minutes are the lead's (or an admin's), so the question moves are made as one.</summary>
    private static Domain.Questions.Actor ActorOf(ClaimsPrincipal user) =>
        new(IsAdmin: user.IsAdmin(), IsClubLead: true, IsClubMember: true);

    /// <summary>The club's questions that can go on an agenda, appraised ones first (they have evidence to read).</summary>
    public Task<List<AgendaChoice>> AgendaChoicesAsync(Guid clubId, CancellationToken ct) =>
        db.Questions.Where(q => q.ClubId == clubId && (q.Status == Domain.Questions.QuestionStatus.Appraised || q.Status == Domain.Questions.QuestionStatus.Scheduled))
            .OrderBy(q => q.Status == Domain.Questions.QuestionStatus.Appraised ? 0 : 1).ThenBy(q => q.Title)
            .Select(q => new AgendaChoice(q.Id, q.Title, q.Status.ToString().ToLower())).ToListAsync(ct);

    private static CadenceResponse ToResponse(ClubCadence c) =>
        new(c.Rule, Cadence.Parse(c.Rule).Describe(), c.StartTime.ToString("HH:mm"), c.DurationMinutes, c.LeadTimeDays, c.TimeZone, c.StartsOn);
}
