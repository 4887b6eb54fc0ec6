using Impacte.Api.Auth;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Papers;

/// <summary>Import a literature database's export file; the report says what was created, matched and rejected.</summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
[RequestSizeLimit(Api.Papers.PapersApi.MaxImportBytes)]
public sealed class ImportModel(PaperImporter importer) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    public PaperImportReport? Report { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose the export file to import");
            return Page();
        }
        try
        {
            await using var stream = Upload.OpenReadStream();
            Report = await importer.ImportAsync(stream, User.Id(), ct);
        }
        catch (DomainValidationException e)
        {
            foreach (var reason in e.Errors.SelectMany(x => x.Value)) ModelState.AddModelError(nameof(Upload), reason);
        }
        return Page();
    }
}
