using Impacte.Api.Auth;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Measures;

/// <summary>A change's measures on a page of their own (the change's page shows the same view component).</summary>
public sealed class ForChangeModel(ChangeMeasures measures) : PageModel
{
    public Guid ChangeId { get; private set; }
    public string ChangeTitle { get; private set; } = "";

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid changeId, CancellationToken ct)
    {
        try
        {
            var change = await measures.FindChangeAsync(changeId, await Actors.ForAsync(HttpContext), ct);
            ChangeId = change.Id;
            ChangeTitle = change.Title;
            return Page();
        }
        catch (NotFoundException) { return NotFound(); }
    }
}
