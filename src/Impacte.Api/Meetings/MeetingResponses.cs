using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Markdown;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Meetings;

public sealed record CadenceRequest(string? Rrule, string? StartTime, int? DurationMinutes, int? LeadTimeDays, string? TimeZone);
public sealed record CadenceResponse(string Rrule, string Description, string StartTime, int DurationMinutes, int LeadTimeDays, string TimeZone, DateOnly StartsOn);
public sealed record CreateMeetingRequest(DateTimeOffset? StartsAt, int? DurationMinutes, string? Location, string? OnlineUrl);
/// <summary>A partial update: fields left out (or null) keep their value; an empty string clears location or link.</summary>
public sealed record UpdateMeetingRequest(DateTimeOffset? StartsAt, int? DurationMinutes, string? Location, string? OnlineUrl);
/// <summary>
/// The agenda's questions in order, and who presents each: <c>PresenterIds</c> maps a question to its presenters in
/// order (members of the club). <c>Presenters</c> (one presenter per question) is the older form, still accepted;
/// where both name a question, <c>PresenterIds</c> wins. A question named in neither has no presenter.
/// </summary>
public sealed record AgendaRequest(IReadOnlyList<Guid>? QuestionIds, IReadOnlyDictionary<Guid, Guid>? Presenters,
    IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>? PresenterIds = null)
{
    /// <summary>Both forms as one map for the Domain.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> AllPresenters()
    {
        var all = (Presenters ?? new Dictionary<Guid, Guid>()).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Guid>)[kv.Value]);
        foreach (var (question, people) in PresenterIds ?? new Dictionary<Guid, IReadOnlyList<Guid>>()) all[question] = people ?? [];
        return all;
    }
}
public sealed record RsvpRequest(string? Response);
/// <summary>Why the meeting is cancelled, told to members (required).</summary>
public sealed record CancelMeetingRequest(string? Reason);
public sealed record AttendanceRequest(IReadOnlyList<Guid>? UserIds);
/// <summary>A change the club agreed on an item: what (the question's title if left out), its owner (a member) and due date.</summary>
public sealed record AgreedChangeRequest(string? Title, Guid? OwnerId, DateOnly? DueOn);
/// <summary>
/// One agenda item's minutes. Each of <c>Changes</c> opens a practice change from the decision (a discussion can agree
/// several); one already opened for the item under the same title is not opened again. <c>Change</c> (one change) is
/// the older form, still accepted, and counts as the first of <c>Changes</c>; field errors are
/// <c>items[i].changes[j].field</c> either way.
/// </summary>
public sealed record ItemMinutesRequest(Guid QuestionId, string? Discussion, string? Decision, AgreedChangeRequest? Change,
    IReadOnlyList<AgreedChangeRequest>? Changes = null)
{
    public ItemMinutes ToDomain() => new(QuestionId, Discussion, Decision,
        [.. (Change is null ? [] : new[] { Change }).Concat(Changes ?? []).Select(c => new AgreedChange(c.Title, c.OwnerId, c.DueOn))]);
}
/// <summary>Notes for the whole meeting (Markdown) and the minutes of each agenda item; sent with If-Match.</summary>
public sealed record MinutesRequest(string? Markdown, IReadOnlyList<ItemMinutesRequest>? Items);

public sealed record MeetingSummary(Guid Id, Guid ClubId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl, string Status, int Sequence);
/// <summary>A practice change the minutes of an agenda item opened.</summary>
public sealed record AgendaChangeResponse(Guid Id, string Title, string Status, PersonResponse Owner, DateOnly DueOn);
/// <summary>
/// One agenda item: its question, its presenters in order, the published CAT to read (when there is one), and once
/// minuted the discussion, the decision (<c>Outcome</c>) and the practice changes it opened (oldest first).
/// <c>PresenterId</c>/<c>PresenterName</c> and <c>ChangeId</c>/<c>ChangeTitle</c> are the first of each, kept for
/// older clients.
/// </summary>
public sealed record AgendaItemResponse(Guid QuestionId, string? Title, string? QuestionStatus, Guid? PresenterId, string? PresenterName, string? Outcome,
    IReadOnlyList<PersonResponse> Presenters, IReadOnlyList<AgendaChangeResponse> Changes,
    string? Discussion = null, Guid? AppraisalId = null, Guid? ChangeId = null, string? ChangeTitle = null);
public sealed record AgendaChoice(Guid QuestionId, string Title, string Status);
public sealed record RsvpCounts(int Yes, int Maybe, int No);
public sealed record MeetingResponse(
    Guid Id, Guid ClubId, string ClubName, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl,
    string Status, int Sequence, bool PackSent, IReadOnlyList<AgendaItemResponse> Agenda, RsvpCounts Rsvps, string? MyRsvp,
    IReadOnlyList<PersonResponse> Attendance, string? MinutesMarkdown, string MinutesHtml,
    bool HasStarted = false, string? CancelReason = null, DateTimeOffset? PackSentAt = null);

/// <summary>
/// Hand-written mapping from <see cref="ClubMeetings"/> to what the API and the meeting pages show; the rules are
/// the Domain's.
/// </summary>
public static class MeetingResponses
{
    public static async Task<CadenceResponse?> GetCadenceAsync(this ClubMeetings meetings, Guid clubId, CancellationToken ct) =>
        await meetings.FindCadenceAsync(clubId, ct) is { } c ? ToResponse(c) : null;

    public static IQueryable<MeetingSummary> ToSummaries(this IQueryable<Meeting> meetings) =>
        meetings.Select(m => new MeetingSummary(m.Id, m.ClubId, m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl, m.Status.ToString().ToLower(), m.Sequence));

    public static async Task<MeetingResponse> DescribeMeetingAsync(this ImpacteDbContext db, Guid meetingId, Guid userId, TimeProvider clock, CancellationToken ct)
    {
        var m = await db.Meetings.AsNoTracking().Include(x => x.Club).SingleAsync(x => x.Id == meetingId, ct);
        var zone = await db.Cadences.Where(c => c.ClubId == m.ClubId).Select(c => c.TimeZone).FirstOrDefaultAsync(ct) ?? m.Club.TimeZone;
        var items = await db.AgendaItems.Where(a => a.MeetingId == meetingId).OrderBy(a => a.Position)
            .Select(a => new
            {
                a.QuestionId, a.Outcome, a.Discussion,
                Title = db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).FirstOrDefault(),
                Status = db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Status.ToString().ToLower()).FirstOrDefault(),
                AppraisalId = db.Appraisals.Where(p => p.QuestionId == a.QuestionId && p.Status == Domain.Appraisals.AppraisalStatus.Published)
                    .OrderByDescending(p => p.PublishedAt).Select(p => (Guid?)p.Id).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var presenters = (await db.AgendaItems.Where(a => a.MeetingId == meetingId)
                .SelectMany(a => a.Presenters.Select(p => new { a.QuestionId, p.Position, p.UserId }))
                .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new { p.QuestionId, p.Position, Person = new PersonResponse(u.Id, u.Name) })
                .ToListAsync(ct))
            .OrderBy(p => p.Position).ToLookup(p => p.QuestionId, p => p.Person);
        var changes = (await db.Set<Domain.Changes.PracticeChange>().Where(c => c.MeetingId == meetingId && c.QuestionId != null)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Select(c => new { c.QuestionId, c.Id, c.Title, c.Status, Owner = new PersonResponse(c.OwnerId, c.Owner.Name), c.DueOn })
                .ToListAsync(ct))
            .ToLookup(c => c.QuestionId!.Value, c => new AgendaChangeResponse(c.Id, c.Title, Domain.Changes.ChangeWorkflow.Name(c.Status), c.Owner, c.DueOn));
        var agenda = items.Select(a =>
        {
            var (people, opened) = (presenters[a.QuestionId].ToList(), changes[a.QuestionId].ToList());
            return new AgendaItemResponse(a.QuestionId, a.Title, a.Status, people.FirstOrDefault()?.Id, people.FirstOrDefault()?.Name, a.Outcome,
                people, opened, a.Discussion, a.AppraisalId, opened.FirstOrDefault()?.Id, opened.FirstOrDefault()?.Title);
        }).ToList();
        var rsvps = await db.Rsvps.Where(r => r.MeetingId == meetingId).Select(r => new { r.UserId, r.Response }).ToListAsync(ct);
        var attendance = await db.Attendance.Where(a => a.MeetingId == meetingId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u).OrderBy(u => u.Name).Select(u => new PersonResponse(u.Id, u.Name)).ToListAsync(ct);
        return new MeetingResponse(m.Id, m.ClubId, m.Club.Name, zone, m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl,
            m.Status.ToString().ToLowerInvariant(), m.Sequence, m.PackSentAt is not null, agenda,
            new RsvpCounts(rsvps.Count(r => r.Response == RsvpResponse.Yes), rsvps.Count(r => r.Response == RsvpResponse.Maybe), rsvps.Count(r => r.Response == RsvpResponse.No)),
            rsvps.FirstOrDefault(r => r.UserId == userId)?.Response.ToString().ToLowerInvariant(),
            attendance, m.Minutes, SafeMarkdown.ToHtml(m.Minutes), MeetingRules.HasStarted(m, clock.GetUtcNow()), m.CancelReason, m.PackSentAt);
    }

    /// <summary>The club's questions that can go on an agenda: appraised first (they have evidence to read), then accepted ones.</summary>
    public static Task<List<AgendaChoice>> AgendaChoicesAsync(this ImpacteDbContext db, Guid clubId, CancellationToken ct) =>
        db.Questions.Where(q => q.ClubId == clubId && (q.Status == Domain.Questions.QuestionStatus.Appraised
                || q.Status == Domain.Questions.QuestionStatus.Accepted || q.Status == Domain.Questions.QuestionStatus.Scheduled))
            .OrderBy(q => q.Status == Domain.Questions.QuestionStatus.Appraised ? 0 : q.Status == Domain.Questions.QuestionStatus.Accepted ? 1 : 2).ThenBy(q => q.Title)
            .Select(q => new AgendaChoice(q.Id, q.Title, q.Status.ToString().ToLower())).ToListAsync(ct);

    public static CadenceResponse ToResponse(ClubCadence c) =>
        new(c.Rule, Cadence.Parse(c.Rule).Describe(), c.StartTime.ToString("HH:mm"), c.DurationMinutes, c.LeadTimeDays, c.TimeZone, c.StartsOn);
}
