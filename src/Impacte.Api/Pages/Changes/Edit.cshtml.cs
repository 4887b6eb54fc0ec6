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
/// The owner or a lead edits a change: its plan while it runs, and what was learned once it has run its course.
/// A hidden version plays If-Match: someone else's edit since the form was opened is not overwritten.
/// </summary>
public sealed class EditModel(ImpacteDbContext db, PracticeChanges changes) : PageModel
{
    public sealed record EditInput
    {
        public string? Title { get; init; }
        public string? Description { get; init; }
        public Guid? OwnerId { get; init; }
        public List<Guid> TeamIds { get; init; } = [];
        public string? DueOn { get; init; }
        public string? WhatDidNotWork { get; init; }
        public string? HowItMadeADifference { get; init; }
        public uint Version { get; init; }
    }

    [BindProperty] public EditInput Input { get; set; } = new();
    [TempData] public string? Message { get; set; }

    public PracticeChange Change { get; private set; } = null!;
    public IReadOnlyList<KeyValuePair<string, string>> Members { get; private set; } = [];
    /// <summary>Sustained and abandoned changes keep their plan; only the learning can still be written.</summary>
    public bool PlanEditable => !ChangeWorkflow.IsFinal(Change.Status);
    public bool TakesLearning => ChangeWorkflow.TakesLearning(Change.Status);

    public async Task<IActionResult> OnGetAsync(Guid changeId, CancellationToken ct)
    {
        if (await GuardAsync(changeId, ct) is { } refused) return refused;
        var c = Change;
        Input = new EditInput
        {
            Title = c.Title, Description = c.Description, OwnerId = c.OwnerId, TeamIds = c.Team.Select(t => t.UserId).ToList(),
            DueOn = c.DueOn.ToString("yyyy-MM-dd"), WhatDidNotWork = c.WhatDidNotWork, HowItMadeADifference = c.HowItMadeADifference,
            Version = c.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid changeId, CancellationToken ct)
    {
        if (await GuardAsync(changeId, ct) is { } refused) return refused;
        var dueOn = PlanEditable ? ChangeDisplay.ParseDate(Input.DueOn, "Input.DueOn", ModelState) : null;
        if (!ModelState.IsValid) return Page();
        // Only the parts this page shows are sent: a finished change refuses plan edits, a running one learning.
        var input = new ChangeInput(
            PlanEditable ? Input.Title ?? "" : null, PlanEditable ? Input.Description ?? "" : null,
            PlanEditable ? Input.OwnerId : null, dueOn, TeamIds: PlanEditable ? Input.TeamIds : null,
            WhatDidNotWork: TakesLearning ? Input.WhatDidNotWork ?? "" : null,
            HowItMadeADifference: TakesLearning ? Input.HowItMadeADifference ?? "" : null);
        try
        {
            await changes.EditAsync(changeId, () => Input.Version, input, await Actors.ForAsync(HttpContext), ct);
            Message = "Your changes are saved.";
            return RedirectToPage("Details", new { changeId });
        }
        catch (DomainValidationException e)
        {
            ChangeDisplay.AddErrors(ModelState, e.Errors, nameof(Input));
        }
        catch (DomainException e) when (e is StaleVersionException or ConflictException)
        {
            ModelState.AddModelError("", e.Message);
        }
        return Page();
    }

    private async Task<IActionResult?> GuardAsync(Guid changeId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            Change = await changes.FindAsync(changeId, actor, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (!actor.CanEdit(Change)) return Forbid();
        Members = await db.Memberships.Where(m => m.ClubId == Change.ClubId).OrderBy(m => m.User.Name)
            .Select(m => KeyValuePair.Create(m.UserId.ToString(), m.User.Name)).ToListAsync(ct);
        return null;
    }
}
