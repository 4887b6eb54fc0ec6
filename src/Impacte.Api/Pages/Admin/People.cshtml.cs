using Impacte.Api.Auth;
using Impacte.Domain.Common;
using Impacte.Domain.People;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Admin;

/// <summary>Everyone with an account, searched by name or email (admins; anyone else hears 404).</summary>
public sealed class PeopleModel(Actors actors, NetworkPeople people) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    /// <summary>The "page" query value, read by hand: Razor Pages' own "page" route value (the page's name) shadows it in binding.</summary>
    public int PageNumber { get; private set; } = 1;
    public IReadOnlyList<PersonRow> People { get; private set; } = [];
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = int.TryParse(Request.Query["page"], out var asked) && asked > 0 ? asked : 1;
        try
        {
            (People, Total) = await people.ListAsync(await actors.ForAsync(User, ct), Search, PageRequest.From(PageNumber, PageSize), ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors) ModelState.AddModelError(field == "search" ? nameof(Search) : field, reasons[0]);
        }
        return Page();
    }
}
