using Impacte.Api.Auth;
using Impacte.Api.Pages.Librarian;
using Impacte.Api.Pages.Shared;
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
public sealed class ImportModel(PaperImporter importer, EvidenceWork work, Screening screening, Actors actors) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The question the papers are for, when the librarian came from one.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? QuestionId { get; set; }

    public string? QuestionTitle { get; private set; }

    public PaperImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadQuestionAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadQuestionAsync(ct) is { } refusal) return refusal;
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose the export file to import");
            return Page();
        }
        try
        {
            await using var stream = Upload.OpenReadStream();
            Report = await importer.ImportAsync(stream, User.Id(), ct);
            // The question's papers wait to be screened; the librarian includes or excludes each next.
            if (QuestionId is { } questionId) await screening.AddImportAsync(questionId, Report, await actors.ForAsync(User, ct), ct);
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: _ => nameof(Upload));
        }
        return Page();
    }

    private async Task<IActionResult?> LoadQuestionAsync(CancellationToken ct)
    {
        if (QuestionId is not { } id) return null;
        (QuestionTitle, var refusal) = await this.LoadAsync(work, id, ct);
        return refusal;
    }
}
