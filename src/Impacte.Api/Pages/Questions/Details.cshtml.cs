using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Api.Questions;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Questions;

/// <summary>
/// Everything about one question: its parts, who asks it, votes, status and history; voting and "I have this
/// question too"; and for the lead (or librarian) the moves the lifecycle allows them, with a reason where needed.
/// </summary>
public sealed class DetailsModel(ImpacteDbContext db, ClinicalQuestions questions, Actors actors) : PageModel
{
    public QuestionResponse Question { get; private set; } = null!;
    /// <summary>Questions this one may duplicate, offered when the lead can mark it so.</summary>
    public IReadOnlyList<SimilarQuestion> Originals { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The move the form asked for, so a refused form shows again open, with its error.</summary>
    public string? FailedMove { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid questionId, CancellationToken ct)
    {
        await LoadAsync(questionId, ct);
        return Page();
    }

    public Task<IActionResult> OnPostVoteAsync(Guid questionId, CancellationToken ct) =>
        ActAsync(questionId, v => questions.VoteAsync(questionId, v, ct), "Thank you: your vote is counted.", ct);

    public Task<IActionResult> OnPostUnvoteAsync(Guid questionId, CancellationToken ct) =>
        ActAsync(questionId, v => questions.WithdrawVoteAsync(questionId, v, ct), "Your vote is withdrawn.", ct);

    public Task<IActionResult> OnPostAskAsync(Guid questionId, CancellationToken ct) =>
        ActAsync(questionId, v => questions.AskAsync(questionId, v, ct), "You have added your voice to this question.", ct);

    public async Task<IActionResult> OnPostMoveAsync(Guid questionId, string? to, string? reason, Guid? duplicateOfId, CancellationToken ct)
    {
        var viewer = await actors.ForAsync(User, ct);
        try
        {
            var moved = await questions.TransitionAsync(questionId, to, reason, duplicateOfId, viewer, ct);
            Message = $"The question is now {QuestionLifecycle.Label(moved.Status)}.";
            return RedirectToPage(new { questionId });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: field => field);
        }
        catch (Exception e) when (e is ForbiddenException or ConflictException or TransitionConflictException)
        {
            ModelState.AddModelError("", e.Message);
        }
        FailedMove = to;
        await LoadAsync(questionId, ct);
        return Page();
    }

    /// <summary>The lead corrects the clinical area (the proposer may too, while the question is proposed).</summary>
    public async Task<IActionResult> OnPostAreaAsync(Guid questionId, string? area, uint version, CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        try
        {
            var changes = new QuestionInput(null, null, null, null, null, null, null, area ?? "");
            var saved = await questions.EditAsync(questionId, () => version, changes, confirmedWarnings: false, actor, ct);
            Message = saved.Area is { } set ? $"The clinical area is now {set.Label()}." : "The question has no clinical area now.";
            return RedirectToPage(new { questionId });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, key: field => field);
        }
        catch (StaleVersionException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        catch (Exception e) when (e is ForbiddenException or ConflictException)
        {
            ModelState.AddModelError("", e.Message);
        }
        await LoadAsync(questionId, ct);
        return Page();
    }

    public uint Version { get; private set; }

    private async Task<IActionResult> ActAsync(Guid questionId, Func<Actor, Task> act, string done, CancellationToken ct)
    {
        try
        {
            await act(await actors.ForAsync(User, ct));
            Message = done;
        }
        catch (Exception e) when (e is ForbiddenException or ConflictException)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { questionId });
    }

    private async Task LoadAsync(Guid questionId, CancellationToken ct)
    {
        var viewer = await actors.ForAsync(User, ct);
        var question = await questions.FindAsync(questionId, viewer, ct);
        Question = await QuestionResponses.LoadAsync(db, question, viewer, ct);
        Version = question.Version;
        if (Question.AvailableTransitions.Any(t => t.To == "duplicate"))
        {
            // The most similar first (as the API's duplicate-candidates), then the club's newest.
            Originals = await questions.DuplicateCandidatesAsync(questionId, viewer, ct);
        }
    }
}
