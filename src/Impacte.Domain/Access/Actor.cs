using Impacte.Domain.Clubs;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Access;

/// <summary>
/// The one person every rule is asked about: who they are, their network roles (admin, librarian) and their role in
/// each club they belong to. The Api builds it once per request from the signed-in principal; the Domain's services
/// and access rules take it. Feature rules that need more (a question's proposer, a change's owner) ask it.
/// </summary>
public sealed record Actor(Guid UserId, bool IsAdmin, bool IsLibrarian, IReadOnlyDictionary<Guid, ClubRole> Clubs)
{
    /// <summary>The actor with their memberships, read in one query.</summary>
    public static async Task<Actor> LoadAsync(ImpacteDbContext db, Guid userId, bool isAdmin, bool isLibrarian, CancellationToken ct = default)
    {
        var memberships = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.ClubId, m.Role }).ToListAsync(ct);
        return new Actor(userId, isAdmin, isLibrarian, memberships.ToDictionary(m => m.ClubId, m => m.Role));
    }

    /// <summary>An actor from lists of clubs (for tests and jobs); a lead is a member too.</summary>
    public static Actor With(Guid userId, bool isAdmin, IEnumerable<Guid> memberOf, IEnumerable<Guid> leadOf, bool isLibrarian = false)
    {
        var clubs = memberOf.ToDictionary(id => id, _ => ClubRole.Member);
        foreach (var id in leadOf) clubs[id] = ClubRole.Lead;
        return new Actor(userId, isAdmin, isLibrarian, clubs);
    }

    /// <summary>Their role in the club, or null when they are not a member (admins and librarians are in no club by role).</summary>
    public ClubRole? RoleIn(Guid clubId) => Clubs.TryGetValue(clubId, out var role) ? role : null;

    public bool IsMemberOf(Guid clubId) => Clubs.ContainsKey(clubId);

    public bool IsLeadOf(Guid clubId) => RoleIn(clubId) == ClubRole.Lead;

    /// <summary>Librarians and admins work across clubs.</summary>
    public bool WorksAcrossClubs => IsAdmin || IsLibrarian;

    public IReadOnlyCollection<Guid> ClubIds => Clubs.Keys.ToList();

    public IReadOnlyCollection<Guid> LeadOf => Clubs.Where(c => c.Value == ClubRole.Lead).Select(c => c.Key).ToList();
}
