using Impacte.Api.Appraisals;
using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Appraisals;

/// <summary>What a critically appraised topic says about its question.</summary>
public sealed record QuestionHeading(Guid Id, string Title, string Sentence, string ClubName)
{
    public static Task<QuestionHeading> LoadAsync(ImpacteDbContext db, Guid questionId, CancellationToken ct) =>
        db.Questions.Where(q => q.Id == questionId).Select(q => new QuestionHeading(q.Id, q.Title, q.Sentence, q.Club.Name)).SingleAsync(ct);
}

/// <summary>
/// The critically appraised topic: one page a club can read in ten minutes and print on A4. A checker publishes it
/// or sends it back from here.
/// </summary>
public sealed class DetailsModel(CriticalAppraisals appraisals, Actors actors, AppraisalLinks links, ImpacteDbContext db) : PageModel
{
    /// <summary>The network's today (due for review).</summary>
    public DateOnly Today => appraisals.Today;
    private Actor actor = null!;
    public Appraisal Appraisal { get; private set; } = null!;
    public Checklist Checklist { get; private set; } = null!;
    public string? CheckerName { get; private set; }
    public AppraisalDocumentInfo? Document { get; private set; }
    /// <summary>The question, or null for a reader who may read the topic but not see the question yet.</summary>
    public AppraisedQuestion? Question { get; private set; }
    public string Topic => Question?.Title ?? AppraisalTopics.NeutralTitle(Appraisal.BottomLine);
    public EvidenceSearch? Search { get; private set; }
    /// <summary>The meetings that discussed the question and what practices decided, as far as the reader may follow them.</summary>
    public IReadOnlyList<AppraisalDiscussion> Discussions { get; private set; } = [];
    public IReadOnlyList<AppraisalDecision> Decisions { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool CanCheck { get; private set; }

    [BindProperty]
    public string? Comment { get; set; }

    /// <summary>A new review-by date for a published appraisal (librarians).</summary>
    [BindProperty]
    public DateOnly? ReviewBy { get; set; }

    /// <summary>Librarians set a new review-by date on a published appraisal.</summary>
    public bool CanSetReviewBy { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The document for signed-in readers (the API's download takes bearer tokens only); always an attachment.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Question is null) return NotFound();
        var document = await db.AppraisalDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.AppraisalId == id, ct);
        return document is null ? NotFound() : File(document.Content, document.ContentType, document.FileName);
    }

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, a => appraisals.PublishAsync(a, actor, ct), "Published: the whole network can read it now.", ct);

    public Task<IActionResult> OnPostReturnAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, a => appraisals.ReturnAsync(a, actor, Comment, ct), "Sent back to the author with your comment.", ct);

    public Task<IActionResult> OnPostReviewByAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, a => appraisals.SetReviewByAsync(a, ReviewBy, actor, ct), "The new review-by date is saved.", ct);

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, a => appraisals.SubmitAsync(a, actor, ct), "Submitted: another librarian will check it.", ct);

    private async Task<IActionResult> ActAsync(Guid id, Func<Appraisal, Task> act, string done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        try
        {
            await act(Appraisal);
            Message = done;
            return RedirectToPage(new { id });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: field => field switch { "comment" => nameof(Comment), "reviewBy" => nameof(ReviewBy), _ => "" });
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        try
        {
            actor = await actors.ForAsync(User, ct);
            Appraisal = await appraisals.LoadVisibleAsync(id, actor, ct);
        }
        catch (NotFoundException)
        {
            return false;
        }
        Checklist = Checklists.For(Appraisal.StudyDesign);
        CheckerName = Appraisal.CheckedById is { } c ? await db.Users.Where(u => u.Id == c).Select(u => u.Name).SingleOrDefaultAsync(ct) : null;
        Question = await appraisals.QuestionAsync(Appraisal.QuestionId, actor, ct);
        if (Question is not null)
        {
            // The search record and the document speak of the question: they go with it.
            Search = await db.EvidenceSearches.AsNoTracking().FirstOrDefaultAsync(s => s.QuestionId == Appraisal.QuestionId, ct);
            Document = await db.AppraisalDocuments.Where(d => d.AppraisalId == id)
                .Select(d => new AppraisalDocumentInfo(d.FileName, d.ContentType, d.Length, d.UploadedAt)).SingleOrDefaultAsync(ct);
        }
        if (Question is not null)
        {
            // Meetings and decisions speak of the question: they go with it.
            Discussions = await links.DiscussionsAsync(Appraisal, actor, ct);
            Decisions = await links.DecisionsAsync(Appraisal, actor, ct);
        }
        CanEdit = Appraisal.IsEditable() && actor.MayEdit(Appraisal);
        CanCheck = Appraisal.Status == AppraisalStatus.Submitted && actor.MayCheck(Appraisal);
        CanSetReviewBy = Appraisal.Status == AppraisalStatus.Published && actor.MaySetReviewBy();
        return true;
    }
}
