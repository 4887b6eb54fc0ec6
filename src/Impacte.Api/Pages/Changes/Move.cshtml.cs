using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Changes;

/// <summary>
/// A move that asks for something: stopping a change asks why; implementing, sustaining or stopping one asks what
/// did not work (and the challenges met) and how taking part made a difference.
/// </summary>
public sealed class MoveModel(PracticeChanges changes) : PageModel
{
    public sealed record MoveInput
    {
        public string? Reason { get; init; }
        public string? WhatDidNotWork { get; init; }
        public string? HowItMadeADifference { get; init; }
    }

    [BindProperty] public MoveInput Input { get; set; } = new();

    public PracticeChange Change { get; private set; } = null!;
    public ChangeStatus To { get; private set; }
    public bool NeedsReason => ChangeWorkflow.NeedsReason(To);

    public async Task<IActionResult> OnGetAsync(Guid changeId, string to, CancellationToken ct)
    {
        if (await GuardAsync(changeId, to, ct) is { } refused) return refused;
        Input = new MoveInput { WhatDidNotWork = Change.WhatDidNotWork, HowItMadeADifference = Change.HowItMadeADifference };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid changeId, string to, CancellationToken ct)
    {
        if (await GuardAsync(changeId, to, ct) is { } refused) return refused;
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            var moved = await changes.TransitionAsync(changeId, to, Input.Reason, actor, ct);
            // The learning is written once the change has run its course, by the same rules as an edit.
            if (Input.WhatDidNotWork is not null || Input.HowItMadeADifference is not null)
                await changes.EditAsync(changeId, () => moved.Version,
                    new ChangeInput(WhatDidNotWork: Input.WhatDidNotWork ?? "", HowItMadeADifference: Input.HowItMadeADifference ?? ""), actor, ct);
            TempData["Message"] = $"The change is now {To.Label()}.";
            return RedirectToPage("Details", new { changeId });
        }
        catch (DomainValidationException e)
        {
            ChangeDisplay.AddErrors(ModelState, e.Errors, nameof(Input));
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        if (Change.Status == To)
        {
            // Moved, but the learning was refused (too long, or an NHS number): the rest can be fixed on the edit page.
            TempData["Message"] = $"The change is now {To.Label()}, but what you wrote could not be saved: {string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(x => x.ErrorMessage))}";
            return RedirectToPage("Edit", new { changeId });
        }
        return Page();
    }

    /// <summary>Who may move it (404 / 403 as the API), and only to a status the workflow allows from here.</summary>
    private async Task<IActionResult?> GuardAsync(Guid changeId, string to, CancellationToken ct)
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
        if (!ChangeWorkflow.TryParse(to, out var target) || !ChangeWorkflow.AllowedFrom(Change.Status).Contains(target))
            return RedirectToPage("Details", new { changeId });
        To = target;
        return null;
    }
}
