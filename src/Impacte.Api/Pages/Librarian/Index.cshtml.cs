using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Librarian;

/// <summary>The librarian's desk: appraisals waiting for a second pair of eyes, their own work in progress, recent publications.</summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
public sealed class IndexModel(ImpacteDbContext db, CriticalAppraisals appraisals) : PageModel
{
    public sealed record Row(Guid Id, Guid QuestionId, StudyDesign Design, AppraisalStatus Status, Guid AuthorId, string Author, string? BottomLine, DateTimeOffset UpdatedAt);

    public IReadOnlyList<Row> ToCheck { get; private set; } = [];
    public IReadOnlyList<Row> Mine { get; private set; } = [];
    public IReadOnlyList<Row> Published { get; private set; } = [];

    [BindProperty]
    public Guid? QuestionId { get; set; }

    [BindProperty]
    public string? StudyDesign { get; set; }

    public static IReadOnlyList<string> DesignOptions => Appraisals.EditModel.DesignOptions;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        try
        {
            var appraisal = await appraisals.CreateAsync(QuestionId ?? Guid.Empty, StudyDesign, new AppraisalActor(User.Id(), User.IsAdmin(), User.IsLibrarian()), ct);
            return RedirectToPage("/Appraisals/Edit", new { id = appraisal.Id });
        }
        catch (DomainValidationException e)
        {
            foreach (var (field, reasons) in e.Errors)
                foreach (var reason in reasons) ModelState.AddModelError(field == "questionId" ? nameof(QuestionId) : nameof(StudyDesign), reason);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = User.Id();
        Task<List<Row>> ListAsync(IQueryable<Appraisal> query) =>
            query.Select(a => new Row(a.Id, a.QuestionId, a.StudyDesign, a.Status, a.AuthorId, a.Author.Name, a.BottomLine, a.UpdatedAt)).ToListAsync(ct);
        ToCheck = await ListAsync(db.Appraisals.Where(a => a.Status == AppraisalStatus.Submitted && a.AuthorId != me).OrderBy(a => a.UpdatedAt));
        Mine = await ListAsync(db.Appraisals.Where(a => a.AuthorId == me && a.Status != AppraisalStatus.Published).OrderByDescending(a => a.UpdatedAt));
        Published = await ListAsync(db.Appraisals.Where(a => a.Status == AppraisalStatus.Published).OrderByDescending(a => a.PublishedAt).Take(10));
    }
}
