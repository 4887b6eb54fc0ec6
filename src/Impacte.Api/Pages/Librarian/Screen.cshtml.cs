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
/// Title and abstract screening of a question's imported records, one at a time: include, or exclude with a reason.
/// Keyboard first: the Include button has focus, I includes and E goes to the reasons (screening.js; accesskeys
/// without scripts), and each decision brings up the next record.
/// </summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
public sealed class ScreenModel(Screening screening, EvidenceWork work, Actors actors) : PageModel
{
    public const int PageSize = 20;

    public string? QuestionTitle { get; private set; }
    public ScreeningCounts Counts { get; private set; } = new(0, 0, 0, 0, 0, 0, []);
    /// <summary>The record on screen: the one asked for, or the next pending one.</summary>
    public ScreeningItem? Current { get; private set; }
    public IReadOnlyList<ScreeningItem> Records { get; private set; } = [];
    public int RecordsTotal { get; private set; }

    [BindProperty(SupportsGet = true)]
    public Guid? PaperId { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid questionId, CancellationToken ct)
    {
        if (await LoadAsync(questionId, ct) is { } refusal) return refusal;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid questionId, Guid paperId, string? decision, CancellationToken ct)
    {
        var include = decision == "include";
        var reason = include ? null : ExclusionReasons.TryParse(Reason);
        try
        {
            var record = await screening.DecideAsync(questionId, paperId, include, reason, Note, await actors.ForAsync(User, ct), ct);
            Message = include ? "Included: the paper is attached to the question." : $"Excluded ({record.Reason?.Label().ToLowerInvariant()}).";
            // Back to where the librarian was: the next pending record, on the same page of the list.
            return RedirectToPage(new { questionId, p = PageNumber == 1 ? (int?)null : PageNumber });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: field => field == "note" ? nameof(Note) : nameof(Reason));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        PaperId = paperId;
        if (await LoadAsync(questionId, ct) is { } refusal) return refusal;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid questionId, CancellationToken ct)
    {
        (QuestionTitle, var refusal) = await this.LoadAsync(work, questionId, ct);
        if (refusal is not null) return refusal;
        var actor = await actors.ForAsync(User, ct);
        Counts = await screening.CountsAsync(questionId, actor, ct);
        PageNumber = Math.Clamp(PageNumber, 1, 1_000_000);
        (Records, RecordsTotal) = await screening.ListAsync(questionId, false, new PageRequest(PageNumber, PageSize), actor, ct);
        if (PaperId is { } asked)
        {
            var (all, _) = await screening.ListAsync(questionId, false, new PageRequest(1, 100_000), actor, ct);
            Current = all.FirstOrDefault(r => r.PaperId == asked);
        }
        else
        {
            Current = (await screening.ListAsync(questionId, true, new PageRequest(1, 1), actor, ct)).Items.FirstOrDefault();
        }
        return null;
    }
}
