using Impacte.Domain.Common;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Librarian;

public static class EvidenceQuestionPage
{
    /// <summary>
    /// The title of a question a librarian works on, or the page's answer when they may not: 404 when it is not
    /// theirs to see, back to the desk with the reason when it is not in a state to work on.
    /// </summary>
    public static async Task<(string? Title, IActionResult? Refusal)> LoadAsync(this PageModel page, EvidenceWork work, Guid questionId, CancellationToken ct)
    {
        try
        {
            return ((await work.EvidenceQuestionAsync(questionId, ct)).Title, null);
        }
        catch (NotFoundException)
        {
            return (null, page.NotFound());
        }
        catch (ConflictException e)
        {
            page.TempData["Message"] = e.Message;
            return (null, page.RedirectToPage("/Librarian/Index"));
        }
    }
}
