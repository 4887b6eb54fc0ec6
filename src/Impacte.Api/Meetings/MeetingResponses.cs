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
public sealed record AgendaRequest(IReadOnlyList<Guid>? QuestionIds, IReadOnlyDictionary<Guid, Guid>? Presenters);
public sealed record RsvpRequest(string? Response);
/// <summary>Why the meeting is cancelled, told to members (optional).</summary>
public sealed record CancelMeetingRequest(string? Reason);
public sealed record AttendanceRequest(IReadOnlyList<Guid>? UserIds);
public sealed record MinutesRequest(string? Markdown, IReadOnlyDictionary<Guid, string>? Outcomes);

public sealed record MeetingSummary(Guid Id, Guid ClubId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl, string Status, int Sequence);
public sealed record AgendaItemResponse(Guid QuestionId, string? Title, string? QuestionStatus, Guid? PresenterId, string? PresenterName, string? Outcome);
public sealed record AgendaChoice(Guid QuestionId, string Title, string Status);
public sealed record RsvpCounts(int Yes, int Maybe, int No);
public sealed record MeetingResponse(
    Guid Id, Guid ClubId, string ClubName, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl,
    string Status, int Sequence, bool PackSent, IReadOnlyList<AgendaItemResponse> Agenda, RsvpCounts Rsvps, string? MyRsvp,
    IReadOnlyList<PersonResponse> Attendance, string? MinutesMarkdown, string MinutesHtml);

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

    public static async Task<MeetingResponse> DescribeMeetingAsync(this ImpacteDbContext db, Guid meetingId, Guid userId, CancellationToken ct)
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

    /// <summary>The club's questions that can go on an agenda, appraised ones first (they have evidence to read).</summary>
    public static Task<List<AgendaChoice>> AgendaChoicesAsync(this ImpacteDbContext db, Guid clubId, CancellationToken ct) =>
        db.Questions.Where(q => q.ClubId == clubId && (q.Status == Domain.Questions.QuestionStatus.Appraised || q.Status == Domain.Questions.QuestionStatus.Scheduled))
            .OrderBy(q => q.Status == Domain.Questions.QuestionStatus.Appraised ? 0 : 1).ThenBy(q => q.Title)
            .Select(q => new AgendaChoice(q.Id, q.Title, q.Status.ToString().ToLower())).ToListAsync(ct);

    public static CadenceResponse ToResponse(ClubCadence c) =>
        new(c.Rule, Cadence.Parse(c.Rule).Describe(), c.StartTime.ToString("HH:mm"), c.DurationMinutes, c.LeadTimeDays, c.TimeZone, c.StartsOn);
}
