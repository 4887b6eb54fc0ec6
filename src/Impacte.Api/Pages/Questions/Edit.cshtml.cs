using Impacte.Api.Auth;
using Impacte.Api.Pages.Shared;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Questions;

/// <summary>Change a proposed question's wording (its proposer, the club lead, an admin), through the same rule as PATCH.</summary>
public sealed class EditModel(Actors actors, ClinicalQuestions questions) : PageModel
{
    public sealed record EditInput
    {
        public string? Population { get; init; }
        public string? Intervention { get; init; }
        public string? Comparison { get; init; }
        public string? Outcome { get; init; }
        public string? Trigger { get; init; }
        public uint Version { get; init; }
    }

    [BindProperty] public EditInput Input { get; set; } = new();
    public string Title { get; private set; } = "";
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid questionId, CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        ClinicalQuestion q;
        try
        {
            q = await questions.FindAsync(questionId, actor, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        if (actor.ForQuestion(q.ClubId, q.Status, q.ProposerId, Domain.Access.QuestionPermission.Edit) != Domain.Access.Verdict.Allowed) return Forbid();
        Title = q.Title;
        if (q.Status != QuestionStatus.Proposed) Refusal = $"This question is {QuestionLifecycle.Label(q.Status)}: it can be changed only while it is proposed.";
        Input = new EditInput
        {
            Population = q.Population, Intervention = q.Intervention, Comparison = q.Comparison, Outcome = q.Outcome, Trigger = q.Trigger, Version = q.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid questionId, CancellationToken ct)
    {
        var actor = await actors.ForAsync(User, ct);
        var changes = new QuestionInput(Input.Population ?? "", Input.Intervention ?? "", Input.Comparison ?? "", Input.Outcome ?? "", null, Input.Trigger ?? "", null);
        try
        {
            await questions.EditAsync(questionId, () => Input.Version, changes, confirmedWarnings: false, actor, ct);
            TempData["Message"] = "Your question is saved.";
            return RedirectToPage("/Me/Questions");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, "Input");
        }
        catch (DomainException e)
        {
            Refusal = e.Message;
        }
        Title = (await questions.FindAsync(questionId, actor, ct)).Title;
        return Page();
    }
}
