using Impacte.Domain.Cpd;
using Microsoft.AspNetCore.Mvc;

namespace Impacte.Api.Pages.Me;

/// <summary>My CPD log laid out for the annual appraisal, to print on A4 or save as PDF.</summary>
public sealed class CpdPrintModel(CpdEvidence cpd, TimeProvider clock) : CpdPage(cpd)
{
    public DateOnly PrintedOn => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }
}
