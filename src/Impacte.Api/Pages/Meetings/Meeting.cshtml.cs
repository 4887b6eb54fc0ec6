using Impacte.Api.Auth;
using Impacte.Api.Meetings;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Meetings;

/// <summary>One meeting: when and where, the agenda, RSVPs, and for leads attendance, minutes, move and cancel.</summary>
public sealed class MeetingModel(ImpacteDbContext db, Actors actors, ResourceAccess access, ClubMeetings meetings) : PageModel
{
    public sealed record MemberOption(Guid UserId, string Name);

    [TempData] public string? Message { get; set; }
    [BindProperty] public string? QuestionId { get; set; }
    [BindProperty] public Guid? PresenterId { get; set; }
    [BindProperty] public List<Guid> Attended { get; set; } = [];
    [BindProperty] public string? Minutes { get; set; }
    [BindProperty] public Dictionary<Guid, string> Outcomes { get; set; } = [];
    [BindProperty] public string? MoveDate { get; set; }
    [BindProperty] public string? MoveTime { get; set; }
    [BindProperty] public string? CancelReason { get; set; }

    public MeetingResponse Meeting { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool IsMember { get; private set; }
    public IReadOnlyList<MemberOption> Members { get; private set; } = [];
    public IReadOnlyList<AgendaChoice> Choices { get; private set; } = [];
    /// <summary>Changes already opened from this meeting, by question, so "Open a practice change" is offered once.</summary>
    public IReadOnlyDictionary<Guid, (Guid Id, string Title)> ChangesOpened { get; private set; } = new Dictionary<Guid, (Guid, string)>();

    public async Task<IActionResult> OnGetAsync(Guid meetingId, CancellationToken ct) => await LoadAsync(meetingId, ct) ? Page() : NotFound();

    /// <summary>
    /// "Add to your calendar": the .ics for whoever may see the meeting page, on the page's own cookie session (the API's
    /// calendar route takes bearer tokens only). Always an attachment, so the browser hands it to the calendar.
    /// </summary>
    public async Task<IActionResult> OnGetCalendarAsync(
        Guid meetingId, [FromServices] IAgendaQuestions questions, [FromServices] MeetingEmails emails, CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        try
        {
            await access.EnsureMeetingAsync(actor, meetingId, ClubPermission.View, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        var meeting = await meetings.FindAsync(meetingId, ct);
        var invite = await MeetingsApi.InviteAsync(meeting, actor.UserId, db, questions, emails, ct);
        return File(System.Text.Encoding.UTF8.GetBytes(invite.ToIcs()), invite.ContentType, $"impacte-meeting-{meeting.StartsAt:yyyy-MM-dd}.ics");
    }

    public Task<IActionResult> OnPostRsvpAsync(Guid meetingId, string response, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.ViewMembers, async (m, actor) =>
        {
            var answer = MeetingRules.ValidResponse(response);
            await meetings.SetRsvpAsync(actor, m, answer, ct);
            return $"Thank you: your answer is {answer.ToString().ToLowerInvariant()}.";
        }, ct);

    public Task<IActionResult> OnPostAddItemAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            if (!Guid.TryParse(QuestionId, out var question)) throw new DomainValidationException("questionId", "Choose a question.");
            var current = await db.AgendaItems.Where(a => a.MeetingId == m.Id).OrderBy(a => a.Position).ToListAsync(ct);
            var ids = current.Select(a => a.QuestionId).Append(question).Distinct().ToList();
            var presenters = current.Where(a => a.PresenterId is not null).ToDictionary(a => a.QuestionId, a => a.PresenterId!.Value);
            if (PresenterId is { } presenter) presenters[question] = presenter;
            await meetings.SetAgendaAsync(actor, m, ids, presenters, ct);
            return "Added to the agenda.";
        }, ct);

    public Task<IActionResult> OnPostRemoveItemAsync(Guid meetingId, Guid questionId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            var current = await db.AgendaItems.Where(a => a.MeetingId == m.Id && a.QuestionId != questionId).OrderBy(a => a.Position).ToListAsync(ct);
            await meetings.SetAgendaAsync(actor, m, current.Select(a => a.QuestionId).ToList(),
                current.Where(a => a.PresenterId is not null).ToDictionary(a => a.QuestionId, a => a.PresenterId!.Value), ct);
            return "Removed from the agenda.";
        }, ct);

    public Task<IActionResult> OnPostAttendanceAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.SetAttendanceAsync(actor, m, Attended, ct);
            return "Attendance saved.";
        }, ct);

    public Task<IActionResult> OnPostMinutesAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.SetMinutesAsync(actor, m, Minutes, Outcomes, ct);
            return "Minutes saved.";
        }, ct);

    public Task<IActionResult> OnPostMoveAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            if (!DateOnly.TryParse(MoveDate, out var date) || !TimeOnly.TryParse(MoveTime, out var time))
                throw new DomainValidationException("moveDate", "Enter the new date as YYYY-MM-DD and the time as HH:mm.");
            var startsAt = MeetingTime.ToUtc(date, time, MeetingTime.FindZone(Meeting.TimeZone));
            await meetings.UpdateAsync(actor, m, m.Version, startsAt, null, null, null, ct);
            return "Meeting moved. Members who had the reading pack or answered are told what changed and asked to confirm again.";
        }, ct);

    public Task<IActionResult> OnPostCancelAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.CancelAsync(actor, m, ct, CancelReason);
            return "Meeting cancelled. Members who had the reading pack or answered get a cancellation with your reason.";
        }, ct);

    private async Task<IActionResult> ActAsync(Guid meetingId, ClubPermission permission, Func<Meeting, Actor, Task<string>> action, CancellationToken ct)
    {
        if (!await LoadAsync(meetingId, ct)) return NotFound();
        var actor = await actors.ForAsync(User, ct);
        try
        {
            await access.EnsureMeetingAsync(actor, meetingId, permission, ct);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        var meeting = await meetings.FindAsync(meetingId, ct);
        try
        {
            Message = await action(meeting, actor);
            return RedirectToPage(new { meetingId });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid meetingId, CancellationToken ct)
    {
        var clubId = await db.Meetings.Where(m => m.Id == meetingId).Select(m => (Guid?)m.ClubId).SingleOrDefaultAsync(ct);
        var actor = await actors.ForAsync(User, ct);
        if (clubId is null || actor.ForClub(clubId.Value, ClubPermission.View) != Verdict.Allowed) return false;
        CanManage = actor.ForClub(clubId.Value, ClubPermission.Manage) == Verdict.Allowed;
        IsMember = actor.IsMemberOf(clubId.Value);
        Meeting = await db.DescribeMeetingAsync(meetingId, User.Id(), ct);
        Minutes ??= Meeting.MinutesMarkdown;
        if (CanManage)
        {
            Choices = (await db.AgendaChoicesAsync(clubId.Value, ct)).Where(c => Meeting.Agenda.All(a => a.QuestionId != c.QuestionId)).ToList();
            Members = await db.Memberships.Where(m => m.ClubId == clubId).OrderBy(m => m.User.Name)
                .Select(m => new MemberOption(m.UserId, m.User.Name)).ToListAsync(ct);
            ChangesOpened = (await db.Set<PracticeChange>().Where(c => c.MeetingId == meetingId && c.QuestionId != null)
                    .OrderBy(c => c.CreatedAt).Select(c => new { QuestionId = c.QuestionId!.Value, c.Id, c.Title }).ToListAsync(ct))
                .DistinctBy(c => c.QuestionId).ToDictionary(c => c.QuestionId, c => (c.Id, c.Title));
        }
        return true;
    }

    public string Local(DateTimeOffset instant, string format) =>
        TimeZoneInfo.ConvertTime(instant, MeetingTime.FindZone(Meeting.TimeZone)).ToString(format);
}
