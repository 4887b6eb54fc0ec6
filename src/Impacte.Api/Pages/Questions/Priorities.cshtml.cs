using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Questions;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Questions;

/// <summary>A club's proposed questions ranked by votes, urgency and age; its lead accepts from here.</summary>
public sealed class PrioritiesModel(ImpacteDbContext db, ClubAccess access, ClinicalQuestions questions, Actors actors) : PageModel
{
    public string ClubName { get; private set; } = "";
    public bool IsLead { get; private set; }
    public IReadOnlyList<PriorityRow> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid clubId, CancellationToken ct)
    {
        if (!await access.AllowsAsync(clubId, User, ClubPermission.View, ct)) return NotFound();
        ClubName = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.Name).SingleAsync(ct);
        IsLead = await access.AllowsAsync(clubId, User, ClubPermission.Manage, ct);
        Rows = await questions.PrioritiesAsync(clubId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid clubId, Guid questionId, CancellationToken ct)
    {
        try
        {
            await questions.TransitionAsync(questionId, "accepted", null, null, await actors.ForAsync(User, ct), ct);
            Message = "Accepted: a librarian can now search for the evidence.";
        }
        catch (Exception e) when (e is ForbiddenException or TransitionConflictException or DomainValidationException)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { clubId });
    }
}
