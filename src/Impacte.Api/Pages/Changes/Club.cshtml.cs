using Impacte.Api.Clubs;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Changes;

/// <summary>One club's practice changes: all of them for its members, the implemented and sustained ones for others.</summary>
public sealed class ClubModel(ImpacteDbContext db, PracticeChanges changes, ClubAccess access) : ChangeListModel(changes)
{
    public Guid ClubId { get; private set; }
    public string ClubName { get; private set; } = "";
    public bool CanCreate { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid clubId, CancellationToken ct)
    {
        // The same guard as GET /api/clubs/{clubId}/changes.
        if (!await access.AllowsAsync(clubId, User, ClubPermission.View, ct)) return NotFound();
        ClubId = clubId;
        ClubName = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.Name).SingleAsync(ct);
        await LoadAsync(clubId, ct);
        CanCreate = Actor.IsAdmin || Actor.IsLeadOf(clubId);
        return Page();
    }
}
