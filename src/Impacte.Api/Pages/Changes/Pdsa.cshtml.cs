using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Changes;

/// <summary>
/// Plans a PDSA cycle (<c>/changes/{id}/pdsa/new</c>) or writes one up (<c>/changes/{id}/pdsa/{pdsaId}</c>): do,
/// study and act as they happen, each dated. Same service and rules as the API; a hidden version catches an edit
/// made by someone else meanwhile.
/// </summary>
public sealed class PdsaModel(PracticeChanges changes, PdsaCycles cycles) : PageModel
{
    public sealed record PdsaForm
    {
        public string? PlanWhat { get; init; }
        public string? PlanWho { get; init; }
        public string? PlanWhen { get; init; }
        public string? PlanWhere { get; init; }
        public string? Prediction { get; init; }
        public string? PlannedOn { get; init; }
        public string? WhatHappened { get; init; }
        public string? DoneOn { get; init; }
        public string? Study { get; init; }
        public string? StudiedOn { get; init; }
        public string? Act { get; init; }
        public string? ActNote { get; init; }
        public string? ActedOn { get; init; }
        public uint Version { get; init; }
    }

    [BindProperty] public PdsaForm Input { get; set; } = new();

    public PracticeChange Change { get; private set; } = null!;
    /// <summary>The cycle written up, or null when planning a new one.</summary>
    public PdsaCycle? Cycle { get; private set; }

    public static IReadOnlyList<KeyValuePair<string, string>> Decisions { get; } =
    [
        KeyValuePair.Create("", "Not decided yet"),
        KeyValuePair.Create("adopt", "Adopt: keep the change as it is"),
        KeyValuePair.Create("adapt", "Adapt: change it and test again"),
        KeyValuePair.Create("abandon", "Abandon: stop this idea"),
    ];

    public async Task<IActionResult> OnGetAsync(Guid changeId, string pdsaId, CancellationToken ct)
    {
        if (await GuardAsync(changeId, pdsaId, ct) is { } refused) return refused;
        string? D(DateOnly? d) => d?.ToString("yyyy-MM-dd");
        Input = Cycle is not { } c
            ? new PdsaForm { PlannedOn = D(DateOnly.FromDateTime(DateTime.UtcNow)) }
            : new PdsaForm
            {
                PlanWhat = c.PlanWhat, PlanWho = c.PlanWho, PlanWhen = c.PlanWhen, PlanWhere = c.PlanWhere, Prediction = c.Prediction,
                PlannedOn = D(c.PlannedOn), WhatHappened = c.WhatHappened, DoneOn = D(c.DoneOn), Study = c.Study, StudiedOn = D(c.StudiedOn),
                Act = c.Act is { } act ? PdsaCycles.Name(act) : "", ActNote = c.ActNote, ActedOn = D(c.ActedOn), Version = c.Version,
            };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid changeId, string pdsaId, CancellationToken ct)
    {
        if (await GuardAsync(changeId, pdsaId, ct) is { } refused) return refused;
        DateOnly? Date(string? text, string name) => ChangeDisplay.ParseDate(text, $"Input.{name}", ModelState);
        // A blank text on the form clears that part; a blank date keeps what is there (the API's null).
        var input = new PdsaInput(Input.PlanWhat ?? "", Input.PlanWho ?? "", Input.PlanWhen ?? "", Input.PlanWhere ?? "", Input.Prediction ?? "",
            Date(Input.PlannedOn, nameof(Input.PlannedOn)), Input.WhatHappened ?? "", Date(Input.DoneOn, nameof(Input.DoneOn)),
            Input.Study ?? "", Date(Input.StudiedOn, nameof(Input.StudiedOn)), Input.Act ?? "", Input.ActNote ?? "", Date(Input.ActedOn, nameof(Input.ActedOn)));
        if (!ModelState.IsValid) return Page();
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            if (Cycle is null)
            {
                var added = await cycles.CreateAsync(changeId, input, actor, ct);
                TempData["Message"] = $"PDSA cycle {added.Ordinal} planned.";
            }
            else
            {
                await cycles.EditAsync(Cycle.Id, () => Input.Version, input, actor, ct);
                TempData["Message"] = $"PDSA cycle {Cycle.Ordinal} saved.";
            }
            return Redirect($"/changes/{changeId}#pdsa");
        }
        catch (DomainValidationException e)
        {
            ChangeDisplay.AddErrors(ModelState, e.Errors, nameof(Input));
        }
        catch (StaleVersionException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return Page();
    }

    private async Task<IActionResult?> GuardAsync(Guid changeId, string pdsaId, CancellationToken ct)
    {
        var actor = await Actors.ForAsync(HttpContext);
        try
        {
            Change = await changes.FindAsync(changeId, actor, ct);
            if (pdsaId != "new")
            {
                if (!Guid.TryParse(pdsaId, out var id)) return NotFound();
                var (cycle, change) = await cycles.FindAsync(id, actor, ct);
                if (change.Id != changeId) return NotFound();
                Cycle = cycle;
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (!actor.CanEdit(Change)) return Forbid();
        if (Cycle is null && ChangeWorkflow.IsFinal(Change.Status)) return Redirect($"/changes/{changeId}#pdsa");
        return null;
    }
}
