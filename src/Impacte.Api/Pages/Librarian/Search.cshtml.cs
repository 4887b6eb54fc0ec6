using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Librarian;

/// <summary>Record the search behind a question's evidence, so readers can judge how thorough it was.</summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
public sealed class SearchModel(EvidenceWork work, ImpacteDbContext db, TimeProvider clock) : PageModel
{
    public static IReadOnlyList<string> CommonSources { get; } = ["NICE CKS", "NICE guidance", "Cochrane Library", "PubMed", "TRIP", "Embase", "SIGN", "BMJ Best Practice"];

    public sealed class SearchInput
    {
        public List<string> Sources { get; set; } = [];
        public string? OtherSources { get; set; }
        public string? Strategy { get; set; }
        public DateOnly? SearchedOn { get; set; }
        public int? Found { get; set; }
        public int? Relevant { get; set; }
        public int? InsufficientQuality { get; set; }
        public string? Notes { get; set; }
    }

    [BindProperty]
    public SearchInput Input { get; set; } = new();

    public string? QuestionTitle { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid questionId, CancellationToken ct)
    {
        if (await LoadQuestionAsync(questionId, ct) is { } refusal) return refusal;
        var search = await db.EvidenceSearches.AsNoTracking().FirstOrDefaultAsync(s => s.QuestionId == questionId, ct);
        Input = search is null
            ? new SearchInput { SearchedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) }
            : new SearchInput
            {
                Sources = search.Sources.Where(CommonSources.Contains).ToList(),
                OtherSources = string.Join(", ", search.Sources.Where(s => !CommonSources.Contains(s))),
                Strategy = search.Strategy, SearchedOn = search.SearchedOn, Found = search.Found, Relevant = search.Relevant,
                InsufficientQuality = search.InsufficientQuality, Notes = search.Notes,
            };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid questionId, CancellationToken ct)
    {
        if (await LoadQuestionAsync(questionId, ct) is { } refusal) return refusal;
        ModelState.Clear();
        var sources = Input.Sources.Concat((Input.OtherSources ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        try
        {
            await work.SaveSearchAsync(questionId, new EvidenceSearchInput(sources, Input.Strategy, Input.SearchedOn, Input.Found, Input.Relevant,
                Input.InsufficientQuality, Input.Notes), User.Id(), ct);
            TempData["Message"] = "Search recorded.";
            return RedirectToPage("/Librarian/Index");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, prefix: "Input");
        }
        return Page();
    }

    private async Task<IActionResult?> LoadQuestionAsync(Guid questionId, CancellationToken ct)
    {
        (QuestionTitle, var refusal) = await this.LoadAsync(work, questionId, ct);
        return refusal;
    }
}
