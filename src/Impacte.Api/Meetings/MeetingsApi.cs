using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Meetings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Meetings;

public static class MeetingsApi
{
    public static RouteGroupBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Meetings").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        var clubs = group.MapGroup("/clubs/{clubId:guid}");
        clubs.MapGet("/cadence", GetCadence).WithName(nameof(GetCadence)).RequireClub(ClubPermission.View).WithSummary("The club's cadence, in plain English too.");
        clubs.MapPut("/cadence", SetCadence).WithName(nameof(SetCadence)).ProducesValidationProblem().RequireClub(ClubPermission.Manage)
            .WithSummary("Set the club's cadence (an RRULE subset in the club's time zone); meetings are generated three months ahead.");
        clubs.MapGet("/meetings", ListMeetings).WithName(nameof(ListMeetings)).RequireClub(ClubPermission.View).ProducesValidationProblem().WithSummary("The club's meetings, by start, optionally in [from, to).");
        clubs.MapPost("/meetings", CreateMeeting).WithName(nameof(CreateMeeting)).ProducesValidationProblem().RequireClub(ClubPermission.Manage)
            .WithSummary("Add a one-off meeting; inside the lead time its reading pack goes at once.");

        var meetings = group.MapGroup("/meetings/{meetingId:guid}");
        meetings.MapGet("/", GetMeeting).WithName(nameof(GetMeeting)).RequireMeeting(ClubPermission.View).WithSummary("One meeting with agenda, RSVPs, attendance and minutes, with its ETag.");
        meetings.MapPatch("/", UpdateMeeting).WithName(nameof(UpdateMeeting)).RequireMeeting(ClubPermission.Manage).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Move a meeting or change its place (lead); needs If-Match. Members get an update if the pack went out.");
        meetings.MapPost("/cancel", CancelMeeting).WithName(nameof(CancelMeeting)).RequireMeeting(ClubPermission.Manage).ProducesValidationProblem()
            .WithSummary("Cancel a meeting with its reason (lead; the reason is required); members who had the pack or answered get a cancellation with the reason.");
        meetings.MapPut("/agenda", SetAgenda).WithName(nameof(SetAgenda)).RequireMeeting(ClubPermission.Manage).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Set the agenda's questions, in order, and each one's presenters in order (lead; members of the club; presenters change only before the meeting starts); the questions move to scheduled (or back to appraised when taken off).");
        meetings.MapPut("/rsvp", SetRsvp).WithName(nameof(SetRsvp)).RequireMeeting(ClubPermission.ViewMembers).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Answer yes, maybe or no (member).");
        meetings.MapPut("/attendance", SetAttendance).WithName(nameof(SetAttendance)).RequireMeeting(ClubPermission.Manage).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Record who attended, once the meeting has started (lead).");
        meetings.MapPut("/minutes", SetMinutes).WithName(nameof(SetMinutes)).RequireMeeting(ClubPermission.Manage).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Write the minutes once the meeting has started (lead; If-Match): notes, and per agenda item the discussion, the decision (the question moves to discussed) and the practice changes agreed (each with owner and due date), each opened linked to the meeting and question.");
        meetings.MapGet("/calendar.ics", Calendar).WithName("MeetingCalendar").RequireMeeting(ClubPermission.View).Produces<string>(200, "text/calendar").WithSummary("The meeting as an iCalendar file (REQUEST, or CANCEL once cancelled).");
        return group;
    }

    internal static async Task<Results<Ok<CadenceResponse>, NotFound>> GetCadence(Guid clubId, ClubMeetings meetings, CancellationToken ct) =>
        await meetings.GetCadenceAsync(clubId, ct) is { } cadence ? TypedResults.Ok(cadence) : TypedResults.NotFound();

    internal static async Task<Ok<CadenceResponse>> SetCadence(Guid clubId, CadenceRequest request, ClubMeetings meetings, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var cadence = await meetings.SetCadenceAsync(await actors.ForAsync(user, ct), clubId,
            request.Rrule, request.StartTime, request.DurationMinutes, request.LeadTimeDays, request.TimeZone, ct);
        return TypedResults.Ok(MeetingResponses.ToResponse(cadence));
    }

    internal static async Task<Ok<Paged<MeetingSummary>>> ListMeetings(
        Guid clubId, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, ClubMeetings meetings, CancellationToken ct) =>
        TypedResults.Ok(await meetings.List(clubId, from?.ToUniversalTime(), to?.ToUniversalTime()).ToSummaries().ToPagedAsync(PageRequest.From(page, pageSize), ct));

    internal static async Task<Created<MeetingResponse>> CreateMeeting(
        Guid clubId, CreateMeetingRequest request, ClubMeetings meetings, Actors actors, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var meeting = await meetings.CreateAsync(await actors.ForAsync(user, ct), clubId,
            request.StartsAt, request.DurationMinutes, request.Location, request.OnlineUrl, ct);
        ETags.Set(response, meeting.Version);
        return TypedResults.Created($"/api/meetings/{meeting.Id}", await db.DescribeMeetingAsync(meeting.Id, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> GetMeeting(
        Guid meetingId, ClubMeetings meetings, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        ETags.Set(response, meeting.Version);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> UpdateMeeting(Guid meetingId, UpdateMeetingRequest request, ClubMeetings meetings, Actors actors,
        ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        await meetings.UpdateAsync(await actors.ForAsync(user, ct), meeting, ETags.Required(http),
            request.StartsAt, request.DurationMinutes, request.Location, request.OnlineUrl, ct);
        ETags.Set(response, meeting.Version);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> CancelMeeting(
        Guid meetingId, CancelMeetingRequest? request, ClubMeetings meetings, Actors actors, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        await meetings.CancelAsync(await actors.ForAsync(user, ct), meeting, request?.Reason, ct);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> SetAgenda(
        Guid meetingId, AgendaRequest request, ClubMeetings meetings, Actors actors, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        await meetings.SetAgendaAsync(await actors.ForAsync(user, ct), meeting, request.QuestionIds, request.AllPresenters(), ct);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> SetRsvp(
        Guid meetingId, RsvpRequest request, ClubMeetings meetings, Actors actors, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        await meetings.SetRsvpAsync(await actors.ForAsync(user, ct), meeting, MeetingRules.ValidResponse(request.Response), ct);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> SetAttendance(
        Guid meetingId, AttendanceRequest request, ClubMeetings meetings, Actors actors, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        await meetings.SetAttendanceAsync(await actors.ForAsync(user, ct), meeting, request.UserIds ?? [], ct);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<Ok<MeetingResponse>> SetMinutes(Guid meetingId, MinutesRequest request, ClubMeetings meetings, Actors actors,
        ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        var items = (request.Items ?? []).Select(i => i.ToDomain()).ToList();
        await meetings.SetMinutesAsync(await actors.ForAsync(user, ct), meeting, ETags.Required(http), request.Markdown, items, ct);
        ETags.Set(response, meeting.Version);
        return TypedResults.Ok(await db.DescribeMeetingAsync(meetingId, user.Id(), clock, ct));
    }

    internal static async Task<IResult> Calendar(
        Guid meetingId, ClubMeetings meetings, ImpacteDbContext db, IAgendaQuestions questions, MeetingEmails emails, Actors actors, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var meeting = await meetings.FindAsync(meetingId, ct);
        var invite = await InviteAsync(meeting, (await actors.ForAsync(user, ct)).UserId, db, questions, emails, ct);
        return TypedResults.Text(invite.ToIcs(), invite.ContentType);
    }

    /// <summary>
    /// The meeting's calendar entry as members have it: REQUEST, or CANCEL once cancelled (API and meeting page), with the
    /// one downloading it as the attendee and their RSVP (for the meeting's current time) as PARTSTAT, as resent invites have it.
    /// </summary>
    internal static async Task<CalendarInvite> InviteAsync(Meeting meeting, Guid viewerId, ImpacteDbContext db, IAgendaQuestions questions, MeetingEmails emails,
        CancellationToken ct)
    {
        var brief = await MeetingPlanner.BriefAsync(db, questions, meeting, ct);
        var me = await db.Users.Where(u => u.Id == viewerId && u.Email != null)
            .Select(u => new
            {
                u.Id, u.Email, u.Name,
                Rsvp = db.Rsvps.Where(r => r.MeetingId == meeting.Id && r.UserId == u.Id).Select(r => new { r.Response, r.ForStartsAt }).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        IReadOnlyList<CalendarPerson> attendees = me is null ? []
            : [new CalendarPerson(me.Name, me.Email!, new MeetingRecipient(me.Id, me.Email!, me.Name, me.Rsvp?.Response, me.Rsvp?.ForStartsAt).AnswerFor(meeting))];
        return emails.Invite(brief, meeting.Status == MeetingStatus.Cancelled ? InviteMethod.Cancel : InviteMethod.Request, attendees);
    }
}
