using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages;

/// <summary>Home: the clubs a person belongs to (admins and librarians, who work across clubs, see every club).</summary>
public sealed class IndexModel(ImpacteDbContext db) : PageModel
{
    public sealed record ClubRow(Guid Id, string Name, string OdsCode, int Members, string? MyRole);

    public IReadOnlyList<ClubRow> Clubs { get; private set; } = [];
    public bool SeesEveryClub { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.Id();
        SeesEveryClub = User.IsAdmin() || User.IsLibrarian();
        Clubs = await db.Clubs
            .Where(c => SeesEveryClub || c.Members.Any(m => m.UserId == userId))
            .OrderBy(c => c.Name)
            .Select(c => new ClubRow(c.Id, c.Name, c.OdsCode, c.Members.Count,
                c.Members.Where(m => m.UserId == userId).Select(m => m.Role == ClubRole.Lead ? "Lead" : "Member").FirstOrDefault()))
            .ToListAsync(ct);
    }
}
