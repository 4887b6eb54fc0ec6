using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Librarian;

/// <summary>
/// The search record behind a question's evidence, one entry per database searched (database, date, strategy, hits),
/// as librarians record them, so readers can judge how thorough it was.
/// </summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
public sealed class SearchModel(EvidenceWork work, Actors actors, TimeProvider clock) : PageModel
{
    public static IReadOnlyList<string> CommonSources { get; } = ["NICE CKS", "NICE guidance", "Cochrane Library", "PubMed", "TRIP", "Embase", "SIGN", "BMJ Best Practice"];

    public sealed class EntryInput
    {
        public string? Database { get; set; }
        public DateOnly? SearchedOn { get; set; }
        public string? Strategy { get; set; }
        public int? Hits { get; set; }
    }

    [BindProperty]
    public EntryInput Input { get; set; } = new();

    /// <summary>Where the librarian came from (their desk, a page of it), to go back to.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string? QuestionTitle { get; private set; }
    public IReadOnlyList<SearchEntry> Entries { get; private set; } = [];
    public string Back => ReturnTo.Local(Url, ReturnUrl, "/librarian");

    public async Task<IActionResult> OnGetAsync(Guid questionId, CancellationToken ct)
    {
        if (await LoadAsync(questionId, ct) is { } refusal) return refusal;
        Input = new EntryInput { SearchedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid questionId, CancellationToken ct)
    {
        if (await LoadAsync(questionId, ct) is { } refusal) return refusal;
        ModelState.Clear();
        try
        {
            var entry = await work.AddSearchEntryAsync(questionId, new SearchEntryInput(Input.Database, Input.SearchedOn, Input.Strategy, Input.Hits),
                await actors.ForAsync(User, ct), ct);
            Message = $"{entry.Database} search recorded.";
            // Stays here for the next database; the way back keeps where the librarian came from.
            return RedirectToPage(new { questionId, returnUrl = ReturnUrl is null ? null : Back });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, prefix: "Input");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid questionId, Guid entryId, CancellationToken ct)
    {
        if (await LoadAsync(questionId, ct) is { } refusal) return refusal;
        try
        {
            await work.RemoveSearchEntryAsync(questionId, entryId, await actors.ForAsync(User, ct), ct);
            Message = "Entry removed.";
        }
        catch (NotFoundException)
        {
            Message = "That entry was already removed.";
        }
        return RedirectToPage(new { questionId, returnUrl = ReturnUrl is null ? null : Back });
    }

    private async Task<IActionResult?> LoadAsync(Guid questionId, CancellationToken ct)
    {
        (QuestionTitle, var refusal) = await this.LoadAsync(work, questionId, ct);
        if (refusal is null) Entries = await work.SearchEntriesAsync(questionId, ct);
        return refusal;
    }
}
