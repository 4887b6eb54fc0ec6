using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Changes;

/// <summary>
/// A club's lead agrees a practice change: what and for whom, the owner and team from the club's members, the due
/// date. Opened from a meeting's minutes ("change practice") it comes prefilled with the question, its published
/// appraisal and the meeting.
/// </summary>
public sealed class CreateModel(ImpacteDbContext db, PracticeChanges changes) : PageModel
{
    public sealed record CreateInput
    {
        public string? Title { get; init; }
        public string? Description { get; init; }
        public Guid? OwnerId { get; init; }
        public List<Guid> TeamIds { get; init; } = [];
        public string? DueOn { get; init; }
        public Guid? QuestionId { get; init; }
        public Guid? AppraisalId { get; init; }
        public Guid? MeetingId { get; init; }
    }

    public sealed record Link(string Label, string Text, string Href);

    [BindProperty] public CreateInput Input { get; set; } = new();

    public Guid ClubId { get; private set; }
    public string ClubName { get; private set; } = "";
    public IReadOnlyList<KeyValuePair<string, string>> Members { get; private set; } = [];
    /// <summary>Where the change comes from (question, appraisal, meeting), shown, and carried in hidden fields.</summary>
    public IReadOnlyList<Link> From { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid clubId, Guid? questionId, Guid? meetingId, CancellationToken ct)
    {
        if (await GuardAsync(clubId, ct) is { } refused) return refused;
        // Prefill from the minutes: the club's own question and meeting only; anything else is ignored.
        var question = questionId is null ? null
            : await db.Questions.Where(q => q.Id == questionId && q.ClubId == clubId).Select(q => new { q.Id, q.Title }).FirstOrDefaultAsync(ct);
        var meeting = meetingId is null ? null
            : await db.Meetings.Where(m => m.Id == meetingId && m.ClubId == clubId).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
        var appraisal = question is null ? null
            : await db.Appraisals.Where(a => a.QuestionId == question.Id && a.Status == AppraisalStatus.Published)
                .OrderByDescending(a => a.PublishedAt).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        var outcome = question is null || meeting is null ? null
            : await db.AgendaItems.Where(a => a.MeetingId == meeting && a.QuestionId == question.Id).Select(a => a.Outcome).FirstOrDefaultAsync(ct);
        Input = new CreateInput
        {
            Title = question?.Title, Description = outcome, QuestionId = question?.Id, AppraisalId = appraisal, MeetingId = meeting,
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)).ToString("yyyy-MM-dd"),
        };
        await LoadFromAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid clubId, CancellationToken ct)
    {
        if (await GuardAsync(clubId, ct) is { } refused) return refused;
        var dueOn = ChangeDisplay.ParseDate(Input.DueOn, "Input.DueOn", ModelState);
        if (ModelState.IsValid)
        {
            try
            {
                var input = new ChangeInput(Input.Title, Input.Description, Input.OwnerId, dueOn,
                    Input.QuestionId, Input.AppraisalId, Input.MeetingId, Input.TeamIds);
                var change = await changes.CreateAsync(clubId, input, await Actors.ForAsync(HttpContext), ct);
                TempData["Message"] = "The change is agreed. Its owner can now start it.";
                return RedirectToPage("Details", new { changeId = change.Id });
            }
            catch (DomainValidationException e)
            {
                ChangeDisplay.AddErrors(ModelState, e.Errors, nameof(Input));
            }
        }
        await LoadFromAsync(ct);
        return Page();
    }

    /// <summary>The API's rule, asked before showing the form: not in the club is 404, a member who is not a lead 403.</summary>
    private async Task<IActionResult?> GuardAsync(Guid clubId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        var club = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        if (club is null || !actor.IsAdmin && !actor.IsMemberOf(clubId)) return NotFound();
        if (!actor.IsAdmin && !actor.IsLeadOf(clubId)) return Forbid();
        ClubId = clubId;
        ClubName = club;
        Members = await db.Memberships.Where(m => m.ClubId == clubId).OrderBy(m => m.User.Name)
            .Select(m => KeyValuePair.Create(m.UserId.ToString(), m.User.Name)).ToListAsync(ct);
        return null;
    }

    private async Task LoadFromAsync(CancellationToken ct)
    {
        var from = new List<Link>();
        if (Input.QuestionId is { } q && await db.Questions.Where(x => x.Id == q).Select(x => x.Title).FirstOrDefaultAsync(ct) is { } title)
            from.Add(new("Question", title, $"/questions/{q}"));
        if (Input.AppraisalId is { } a && await db.Appraisals.Where(x => x.Id == a).Select(x => new { x.BottomLine }).FirstOrDefaultAsync(ct) is { } appraisal)
            from.Add(new("Appraisal", appraisal.BottomLine ?? "The published appraisal", $"/appraisals/{a}"));
        if (Input.MeetingId is { } m && await db.Meetings.Where(x => x.Id == m).Select(x => new { x.StartsAt }).FirstOrDefaultAsync(ct) is { } meeting)
            from.Add(new("Meeting", ChangeDisplay.Date(DateOnly.FromDateTime(meeting.StartsAt.UtcDateTime)), $"/meetings/{m}"));
        From = from;
    }
}
