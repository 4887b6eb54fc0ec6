using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Changes;

/// <summary>
/// One practice change: what and for whom, club, owner, team, due date, where it came from, its status with the
/// moves the caller may make, its PDSA cycles, its measures (feat/measures) and its history.
/// </summary>
public sealed class DetailsModel(ImpacteDbContext db, PracticeChanges changes, PdsaCycles cycles) : PageModel
{
    public sealed record Link(string Label, string Text, string Href);

    public sealed record HistoryLine(DateTimeOffset At, string Who, string What, string? Note);

    [TempData] public string? Message { get; set; }

    public ChangeResponse Change { get; private set; } = null!;
    public ChangeStatus Status { get; private set; }
    public IReadOnlyList<ChangeStatus> Moves { get; private set; } = [];
    public IReadOnlyList<Link> From { get; private set; } = [];
    public IReadOnlyList<PdsaCycle> Cycles { get; private set; } = [];
    public IReadOnlyList<HistoryLine> History { get; private set; } = [];
    /// <summary>The club's time zone, in which history is shown.</summary>
    public string TimeZone { get; private set; } = "Europe/London";
    public bool CanAddCycle => Change.CanEdit && !ChangeWorkflow.IsFinal(Status);

    public async Task<IActionResult> OnGetAsync(Guid changeId, CancellationToken ct)
    {
        try
        {
            await LoadAsync(changeId, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        return Page();
    }

    /// <summary>
    /// A move that asks for nothing (starting the change) is made here; one that asks for a reason or the learning
    /// goes to the Move page, which asks for them.
    /// </summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid changeId, string? to, CancellationToken ct)
    {
        if (ChangeWorkflow.TryParse(to, out var target) && (ChangeWorkflow.NeedsReason(target) || ChangeWorkflow.TakesLearning(target)))
            return RedirectToPage("Move", new { changeId, to });
        try
        {
            var change = await changes.TransitionAsync(changeId, to, null, await Actors.ForAsync(HttpContext), ct);
            Message = $"The change is now {change.Status.Label()}.";
            return RedirectToPage(new { changeId });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (DomainException e) when (e is ConflictException or DomainValidationException)
        {
            // Someone moved it meanwhile, or an edited form: say so over the page as it now stands.
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(changeId, ct);
        return Page();
    }

    private async Task LoadAsync(Guid changeId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        var change = await changes.FindAsync(changeId, actor, ct);
        Change = await ChangeResponses.LoadAsync(db, change, actor, ct);
        Status = change.Status;
        TimeZone = await db.Clubs.Where(x => x.Id == change.ClubId).Select(x => x.TimeZone).SingleAsync(ct);
        Moves = Change.CanEdit ? ChangeWorkflow.AllowedFrom(change.Status) : [];
        Cycles = await cycles.ListAsync(changeId, actor, ct);

        var from = new List<Link>();
        if (change.QuestionId is { } q && await db.Questions.Where(x => x.Id == q).Select(x => x.Title).FirstOrDefaultAsync(ct) is { } title)
            from.Add(new("Question", title, $"/questions/{q}"));
        if (change.AppraisalId is { } a && await db.Appraisals.Where(x => x.Id == a).Select(x => new { x.BottomLine }).FirstOrDefaultAsync(ct) is { } appraisal)
            from.Add(new("Appraisal", appraisal.BottomLine ?? "The appraisal", $"/appraisals/{a}"));
        if (change.MeetingId is { } m && await db.Meetings.Where(x => x.Id == m).Select(x => new { x.StartsAt }).FirstOrDefaultAsync(ct) is { } meeting)
            from.Add(new("Meeting", "Journal club, " + ChangeDisplay.Date(DateOnly.FromDateTime(meeting.StartsAt.UtcDateTime)), $"/meetings/{m}"));
        From = from;

        History = (await changes.HistoryAsync(changeId, actor, ct)).Select(e => e.Kind switch
        {
            ChangeEventKind.Created => new HistoryLine(e.At, Who(e), "Agreed the change", null),
            ChangeEventKind.Transition => new HistoryLine(e.At, Who(e), $"Moved it from {e.FromStatus?.Label()} to {e.ToStatus?.Label()}", e.Note),
            // Edits and PDSA lines carry their own words ("Changed title, team.", "PDSA cycle 1 planned: …").
            _ => new HistoryLine(e.At, Who(e), e.Note ?? e.Kind.ToString(), null),
        }).ToList();

        // A chase is the Worker's, by nobody: not a member who has since left.
        static string Who(PracticeChangeEvent e) =>
            e.Kind == ChangeEventKind.Chased ? "IMPACTE (automatic reminder)" : e.By?.Name ?? "A former member";
    }
}
