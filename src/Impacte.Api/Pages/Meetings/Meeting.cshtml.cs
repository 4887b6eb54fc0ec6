using Impacte.Api.Auth;
using Impacte.Api.Meetings;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Meetings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Meetings;

/// <summary>
/// One meeting in its phases. Before it starts: the agenda (order, presenters, each item's CAT), where and when, and
/// cancelling with a reason. Once it has started: attendance (ticked from the yes answers until recorded) and the
/// minutes per agenda item, where a decision to change practice opens the change. Every rule is <see cref="ClubMeetings"/>'.
/// </summary>
public sealed class MeetingModel(ImpacteDbContext db, Actors actors, ResourceAccess access, ClubMeetings meetings, TimeProvider clock) : PageModel
{
    public sealed record MemberOption(Guid UserId, string Name);

    /// <summary>One agenda item's minutes as the form posts them.</summary>
    public sealed class ItemInput
    {
        public Guid QuestionId { get; set; }
        public string? Discussion { get; set; }
        public string? Decision { get; set; }
        /// <summary>The form's slots for changes not yet opened; a slot counts when its box is ticked.</summary>
        public List<ChangeSlot> Changes { get; set; } = [];
    }

    /// <summary>A practice change agreed on an item, as its slot in the form posts it.</summary>
    public sealed class ChangeSlot
    {
        public bool Agree { get; set; }
        public string? Title { get; set; }
        public Guid? OwnerId { get; set; }
        public string? DueOn { get; set; }
    }

    [TempData] public string? Message { get; set; }
    [BindProperty] public string? QuestionId { get; set; }
    [BindProperty] public Guid? PresenterId { get; set; }
    /// <summary>One item's presenter boxes, in order; an empty box is nobody.</summary>
    [BindProperty] public List<Guid?> PresenterIds { get; set; } = [];
    [BindProperty] public List<Guid> Attended { get; set; } = [];
    [BindProperty] public uint Version { get; set; }
    [BindProperty] public string? Minutes { get; set; }
    [BindProperty] public List<ItemInput> Items { get; set; } = [];
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Time { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? OnlineUrl { get; set; }
    [BindProperty] public string? CancelReason { get; set; }

    public MeetingResponse Meeting { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool IsMember { get; private set; }
    public IReadOnlyList<MemberOption> Members { get; private set; } = [];
    public IReadOnlyList<AgendaChoice> Choices { get; private set; } = [];
    /// <summary>Who is ticked present: the recorded attendance, or until then the yes answers.</summary>
    public IReadOnlySet<Guid> Present { get; private set; } = new HashSet<Guid>();
    public bool AttendanceRecorded { get; private set; }
    /// <summary>The club's reading-pack lead time (a cadence setting), when the club has a cadence.</summary>
    public int? LeadTimeDays { get; private set; }

    public bool Cancelled => Meeting.Status == "cancelled";

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
            await meetings.AddAgendaItemAsync(actor, m, question, PresenterId, ct);
            return "Added to the agenda.";
        }, ct);

    public Task<IActionResult> OnPostRemoveItemAsync(Guid meetingId, Guid questionId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.RemoveAgendaItemAsync(actor, m, questionId, ct);
            return "Removed from the agenda.";
        }, ct);

    public Task<IActionResult> OnPostMoveUpAsync(Guid meetingId, Guid questionId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.MoveAgendaItemAsync(actor, m, questionId, -1, ct);
            return "Agenda reordered.";
        }, ct, $"item-{questionId}");

    public Task<IActionResult> OnPostMoveDownAsync(Guid meetingId, Guid questionId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.MoveAgendaItemAsync(actor, m, questionId, +1, ct);
            return "Agenda reordered.";
        }, ct, $"item-{questionId}");

    /// <summary>The item whose presenters were posted (its form shows their error).</summary>
    public Guid? PresentersFor { get; private set; }

    public Task<IActionResult> OnPostPresentersAsync(Guid meetingId, Guid questionId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            PresentersFor = questionId;
            await meetings.SetPresentersAsync(actor, m, questionId, PresenterIds.OfType<Guid>().ToList(), ct);
            return "Presenters saved.";
        }, ct, $"item-{questionId}");

    public Task<IActionResult> OnPostAttendanceAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.SetAttendanceAsync(actor, m, Attended, ct);
            return "Attendance saved.";
        }, ct, "attendance");

    public Task<IActionResult> OnPostMinutesAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            var errors = new Dictionary<string, string[]>();
            // Only ticked slots are changes; remember which slot each is, so an error lands on its own fields.
            agreedSlots = Items.Select(i => i.Changes.Select((c, n) => (c, n)).Where(x => x.c.Agree).Select(x => x.n).ToList()).ToList();
            var items = Items.Select((i, n) => new ItemMinutes(i.QuestionId, i.Discussion, i.Decision,
                agreedSlots[n].Select(slot => new AgreedChange(i.Changes[slot].Title, i.Changes[slot].OwnerId,
                    ParseDate(i.Changes[slot].DueOn, $"Items[{n}].Changes[{slot}].DueOn", errors))).ToList())).ToList();
            if (errors.Count > 0) throw new DomainValidationException(errors);
            var opened = await meetings.SetMinutesAsync(actor, m, Version, Minutes, items, ct);
            return opened.Count switch
            {
                0 => "Minutes saved.",
                1 => $"Minutes saved; practice change opened: {opened[0].Title}.",
                _ => $"Minutes saved; {opened.Count} practice changes opened: {string.Join("; ", opened.Select(c => c.Title))}.",
            };
        }, ct, "minutes");

    public Task<IActionResult> OnPostDetailsAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            var errors = new Dictionary<string, string[]>();
            var startsAt = MeetingRules.ValidLocalStart(Date, Time, Meeting.TimeZone, errors);
            MeetingRules.ThrowIfAny(errors);
            var moved = startsAt != m.StartsAt;
            // An empty box clears the place or the link (the service keeps a value only for null).
            await meetings.UpdateAsync(actor, m, m.Version, moved ? startsAt : null, null, Location ?? "", OnlineUrl ?? "", ct);
            return "Meeting details saved. Members who had the reading pack or answered are told what changed and asked to confirm again.";
        }, ct);

    public Task<IActionResult> OnPostCancelAsync(Guid meetingId, CancellationToken ct) =>
        ActAsync(meetingId, ClubPermission.Manage, async (m, actor) =>
        {
            await meetings.CancelAsync(actor, m, CancelReason, ct);
            return "Meeting cancelled. Members who had the reading pack or answered get a cancellation with your reason.";
        }, ct);

    private static DateOnly? ParseDate(string? value, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null; // the change service says a due date is needed
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", out var date)) return date;
        errors[field] = ["Enter the due date, like 4 December 2026 (pick it from the calendar)."];
        return null;
    }

    /// <summary>Per posted item, the form slot of each change the Domain was given (the Domain counts ticked slots only).</summary>
    private List<List<int>> agreedSlots = [];

    /// <summary>The form's field for a domain field: "items[0].changes[1].ownerId" is "Items[0].Changes[slot].OwnerId".</summary>
    private string FieldKey(string field) => field switch
    {
        "presenterIds" => $"presenter-{PresentersFor}-1",
        "presenters" => nameof(PresenterId),
        "reason" => nameof(CancelReason),
        "markdown" => nameof(Minutes),
        "questionId" => nameof(QuestionId),
        "date" => nameof(Date),
        "time" => nameof(Time),
        "startsAt" => nameof(Date),
        "location" => nameof(Location),
        "onlineUrl" => nameof(OnlineUrl),
        _ when field.StartsWith("items[", StringComparison.Ordinal) => ItemKey(field),
        _ when field.StartsWith("Items[", StringComparison.Ordinal) => field, // already the form's (a due date it could not read)
        _ => field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..],
    };

    private string ItemKey(string field)
    {
        var close = field.IndexOf(']', StringComparison.Ordinal);
        var item = int.Parse(field[6..close], System.Globalization.CultureInfo.InvariantCulture);
        var last = field[(field.LastIndexOf('.') + 1)..];
        var property = char.ToUpperInvariant(last[0]) + last[1..];
        if (!field.Contains(".changes[", StringComparison.Ordinal)) return $"Items[{item}].{property}";
        var open = field.IndexOf(".changes[", StringComparison.Ordinal) + ".changes[".Length;
        var change = int.Parse(field[open..field.IndexOf(']', open)], System.Globalization.CultureInfo.InvariantCulture);
        var slot = item < agreedSlots.Count && change < agreedSlots[item].Count ? agreedSlots[item][change] : change;
        return $"Items[{item}].Changes[{slot}].{(property is "Title" or "OwnerId" or "DueOn" ? property : "Agree")}";
    }

    /// <summary>The id of a field the error summary links to.</summary>
    public static string IdFor(string key) => key.Replace('.', '_');

    private async Task<IActionResult> ActAsync(Guid meetingId, ClubPermission permission, Func<Meeting, Actor, Task<string>> action, CancellationToken ct,
        string? fragment = null)
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
            return RedirectToPage(null, null, new { meetingId }, fragment);
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: FieldKey);
        }
        catch (StaleVersionException)
        {
            ModelState.AddModelError("", "Someone else saved these minutes since you opened the page. Your text is below: copy what you need, reload, and save again.");
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
        Meeting = await db.DescribeMeetingAsync(meetingId, User.Id(), clock, ct);
        LeadTimeDays = (await meetings.FindCadenceAsync(clubId.Value, ct))?.LeadTimeDays;
        if (CanManage)
        {
            var meeting = await meetings.FindAsync(meetingId, ct);
            // What was typed survives a failed post; on a fresh page the saved values fill the forms.
            if (Request.Method == HttpMethods.Get)
            {
                Version = meeting.Version;
                Minutes = Meeting.MinutesMarkdown;
                Date = Local(Meeting.StartsAt, "yyyy-MM-dd");
                Time = Local(Meeting.StartsAt, "HH:mm");
                (Location, OnlineUrl) = (Meeting.Location, Meeting.OnlineUrl);
            }
            Choices = (await db.AgendaChoicesAsync(clubId.Value, ct)).Where(c => Meeting.Agenda.All(a => a.QuestionId != c.QuestionId)).ToList();
            Members = await db.Memberships.Where(m => m.ClubId == clubId).OrderBy(m => m.User.Name)
                .Select(m => new MemberOption(m.UserId, m.User.Name)).ToListAsync(ct);
            var (present, recorded) = await meetings.AttendanceToConfirmAsync(meeting, ct);
            (Present, AttendanceRecorded) = (present.ToHashSet(), recorded);
        }
        return true;
    }

    /// <summary>An instant in the club's zone, in a fixed format (for inputs).</summary>
    public string Local(DateTimeOffset instant, string format) =>
        TimeZoneInfo.ConvertTime(instant, MeetingTime.FindZone(Meeting.TimeZone)).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"Thu 4 Dec 2026, 13:00", as every meeting page shows a time.</summary>
    public string Uk(DateTimeOffset instant) => MeetingRules.UkDateTime(instant, Meeting.TimeZone);
}
