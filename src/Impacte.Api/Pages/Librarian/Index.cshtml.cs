using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Librarian;

/// <summary>
/// The librarian's desk: accepted questions waiting for evidence (most urgent, then oldest, first), the questions they
/// have taken, appraisals waiting for a second pair of eyes, their own drafts, recent publications.
/// </summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
public sealed class IndexModel(ImpacteDbContext db, CriticalAppraisals appraisals, EvidenceWork work, ClinicalQuestions questions, Actors actors) : PageModel
{
    public sealed record Row(Guid Id, Guid QuestionId, StudyDesign Design, AppraisalStatus Status, Guid AuthorId, string Author, string? BottomLine, DateTimeOffset UpdatedAt);

    public IReadOnlyList<QueueItem> Waiting { get; private set; } = [];
    public int WaitingTotal { get; private set; }
    public IReadOnlyList<QueueItem> Taken { get; private set; } = [];
    public IReadOnlyList<Row> ToCheck { get; private set; } = [];
    public IReadOnlyList<Row> Mine { get; private set; } = [];
    public IReadOnlyList<Row> Published { get; private set; } = [];

    [BindProperty]
    public Guid? QuestionId { get; set; }

    [TempData]
    public string? Message { get; set; }

    [BindProperty]
    public string? StudyDesign { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Takes a question: it moves to searching, and the librarian who took it is on its history.</summary>
    public async Task<IActionResult> OnPostTakeAsync(Guid questionId, CancellationToken ct)
    {
        try
        {
            var viewer = await actors.ForAsync(User, ct);
            var question = await questions.TransitionAsync(questionId, "searching", null, null, viewer, ct);
            Message = $"You have taken \u201c{question.Title}\u201d.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        try
        {
            var appraisal = await appraisals.CreateAsync(QuestionId ?? Guid.Empty, StudyDesign, await actors.ForAsync(User, ct), ct);
            return RedirectToPage("/Appraisals/Edit", new { id = appraisal.Id });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: field => field == "questionId" ? nameof(QuestionId) : nameof(StudyDesign));
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = User.Id();
        (Waiting, WaitingTotal) = await work.QueueAsync(null, new PageRequest(1, 50), ct);
        (Taken, _) = await work.QueueAsync(me, new PageRequest(1, 50), ct);
        Task<List<Row>> ListAsync(IQueryable<Appraisal> query) =>
            query.Select(a => new Row(a.Id, a.QuestionId, a.StudyDesign, a.Status, a.AuthorId, a.Author.Name, a.BottomLine, a.UpdatedAt)).ToListAsync(ct);
        ToCheck = await ListAsync(db.Appraisals.Where(a => a.Status == AppraisalStatus.Submitted && a.AuthorId != me && a.Editors.All(e => e.UserId != me)).OrderBy(a => a.UpdatedAt));
        Mine = await ListAsync(db.Appraisals.Where(a => a.AuthorId == me && a.Status != AppraisalStatus.Published).OrderByDescending(a => a.UpdatedAt));
        Published = await ListAsync(db.Appraisals.Where(a => a.Status == AppraisalStatus.Published).OrderByDescending(a => a.PublishedAt).Take(10));
    }
}
