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
/// The librarian's desk, a task list in the order work should be done: appraisals waiting for my check, my own work
/// (questions I hold and my drafts, named by their question), then the queue of accepted questions (most urgent, then
/// oldest, first). Each list is short and paged; the page numbers ride along so every action returns here.
/// </summary>
[Authorize(Roles = $"{NetworkRoles.Admin},{NetworkRoles.Librarian}")]
public sealed class IndexModel(ImpacteDbContext db, CriticalAppraisals appraisals, EvidenceWork work, ClinicalQuestions questions, Actors actors) : PageModel
{
    public const int CheckSize = 5, WorkSize = 5, QueueSize = 10;

    public sealed record Row(Guid Id, Guid QuestionId, string QuestionTitle, StudyDesign Design, AppraisalStatus Status, string Author, DateTimeOffset UpdatedAt);

    /// <summary>A question I hold, with where its work stands.</summary>
    public sealed record Held(QueueItem Question, int Entries, int ToScreen, Row? Draft);

    public IReadOnlyList<QueueItem> Waiting { get; private set; } = [];
    public int WaitingTotal { get; private set; }
    public IReadOnlyList<Held> Taken { get; private set; } = [];
    public int TakenTotal { get; private set; }
    public IReadOnlyList<Row> ToCheck { get; private set; } = [];
    public int ToCheckTotal { get; private set; }
    /// <summary>My drafts whose question I do not hold (handed on, or taken before): still mine to finish. Paged with the questions I hold.</summary>
    public IReadOnlyList<Row> OtherDrafts { get; private set; } = [];
    public int OtherDraftsTotal { get; private set; }
    public IReadOnlyList<LibrarianChoice> Librarians { get; private set; } = [];
    /// <summary>Questions I hold with no draft of mine yet: what "Start an appraisal" offers (every page's, once).</summary>
    public IReadOnlyList<QueueItem> Startable { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "check")]
    public int CheckPage { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "work")]
    public int WorkPage { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "queue")]
    public int QueuePage { get; set; } = 1;

    [BindProperty]
    public Guid? QuestionId { get; set; }

    [BindProperty]
    public string? StudyDesign { get; set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>This desk as it is now (its pages), to come back to after any action.</summary>
    public object Here => new { check = CheckPage == 1 ? (int?)null : CheckPage, work = WorkPage == 1 ? (int?)null : WorkPage, queue = QueuePage == 1 ? (int?)null : QueuePage };

    public string HereUrl => Url.Page("/Librarian/Index", Here) ?? "/librarian";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Takes a question: it moves to searching, and the librarian who took it is on its history.</summary>
    public async Task<IActionResult> OnPostTakeAsync(Guid questionId, CancellationToken ct)
    {
        try
        {
            var question = await questions.TransitionAsync(questionId, "searching", null, null, await actors.ForAsync(User, ct), ct);
            Message = $"You have taken \u201c{question.Title}\u201d.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(Here);
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid questionId, CancellationToken ct)
    {
        try
        {
            var question = await work.ReleaseAsync(questionId, await actors.ForAsync(User, ct), ct);
            Message = $"\u201c{question.Title}\u201d is back in the queue.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(Here);
    }

    public async Task<IActionResult> OnPostHandOverAsync(Guid questionId, Guid? toUserId, CancellationToken ct)
    {
        try
        {
            var question = await work.HandOverAsync(questionId, toUserId ?? Guid.Empty, await actors.ForAsync(User, ct), ct);
            var name = (await work.LibrariansAsync(ct)).First(l => l.UserId == toUserId).Name;
            Message = $"\u201c{question.Title}\u201d is handed to {name}, who has been told.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(Here);
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
        CheckPage = Math.Clamp(CheckPage, 1, 1_000_000);
        WorkPage = Math.Clamp(WorkPage, 1, 1_000_000);
        QueuePage = Math.Clamp(QueuePage, 1, 1_000_000);

        var toCheck = db.Appraisals.Where(a => a.Status == AppraisalStatus.Submitted && a.AuthorId != me && a.Editors.All(e => e.UserId != me));
        ToCheckTotal = await toCheck.CountAsync(ct);
        ToCheck = await RowsAsync(toCheck.OrderBy(a => a.UpdatedAt).Skip((CheckPage - 1) * CheckSize).Take(CheckSize), ct);

        var (taken, takenTotal) = await work.QueueAsync(me, new PageRequest(WorkPage, WorkSize), ct);
        TakenTotal = takenTotal;
        var ids = taken.Select(q => q.QuestionId).ToList();
        var entries = await db.SearchEntries.Where(e => ids.Contains(e.QuestionId)).GroupBy(e => e.QuestionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var toScreen = await db.ScreeningRecords.Where(r => ids.Contains(r.QuestionId) && r.Decision == ScreeningDecision.Pending).GroupBy(r => r.QuestionId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var allHeld = (await work.QueueAsync(me, new PageRequest(1, 100), ct)).Items;
        // Only the drafts of the questions shown: a librarian of a national network can have thousands.
        var myDrafts = db.Appraisals.Where(a => a.AuthorId == me && a.Status != AppraisalStatus.Published);
        var shownIds = ids.Concat(allHeld.Select(q => q.QuestionId)).Distinct().ToList();
        var mine = await RowsAsync(myDrafts.Where(a => shownIds.Contains(a.QuestionId)).OrderByDescending(a => a.UpdatedAt), ct);
        Taken = taken.Select(q => new Held(q, entries.GetValueOrDefault(q.QuestionId), toScreen.GetValueOrDefault(q.QuestionId),
            mine.FirstOrDefault(d => d.QuestionId == q.QuestionId))).ToList();
        Startable = allHeld.Where(q => mine.All(d => d.QuestionId != q.QuestionId)).ToList();
        // Drafts of questions I do not hold, a page of them beside each page of the questions I hold.
        var held = EvidenceWork.HeldBy(db, me);
        var others = myDrafts.Where(a => !held.Any(q => q.Id == a.QuestionId));
        OtherDraftsTotal = await others.CountAsync(ct);
        OtherDrafts = await RowsAsync(others.OrderByDescending(a => a.UpdatedAt).Skip((WorkPage - 1) * WorkSize).Take(WorkSize), ct);

        (Waiting, WaitingTotal) = await work.QueueAsync(null, new PageRequest(QueuePage, QueueSize), ct);
        Librarians = (await work.LibrariansAsync(ct)).Where(l => l.UserId != me).ToList();
    }

    private Task<List<Row>> RowsAsync(IQueryable<Appraisal> query, CancellationToken ct) =>
        query.Select(a => new Row(a.Id, a.QuestionId, db.Questions.Where(q => q.Id == a.QuestionId).Select(q => q.Title).First(), a.StudyDesign,
            a.Status, a.Author.Name, a.UpdatedAt)).ToListAsync(ct);
}
