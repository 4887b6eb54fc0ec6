using Impacte.Api.Auth;
using Impacte.Domain.Common;
using Impacte.Domain.Home;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Me;

/// <summary>"My questions": everything I proposed and where it stands; while proposed, edit or withdraw it.</summary>
public sealed class QuestionsModel(Actors actors, HomeTasks home, ClinicalQuestions questions) : PageModel
{
    public IReadOnlyList<HomeQuestion> Mine { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Mine = await home.MyQuestionsAsync(await actors.ForAsync(User, ct), ct: ct);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid questionId, CancellationToken ct)
    {
        try
        {
            var question = await questions.WithdrawAsync(questionId, await actors.ForAsync(User, ct), ct);
            Message = $"Withdrawn: {question.Title}";
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage();
    }
}
