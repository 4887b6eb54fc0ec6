using Impacte.Domain.Clubs;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Changes;

/// <summary>
/// Who is acting on practice changes: members see their clubs' changes; the whole network sees implemented and
/// sustained ones; the owner and the club's leads edit and move a change; admins see and do everything.
/// </summary>
public sealed record ChangeActor(Guid UserId, bool IsAdmin, IReadOnlyCollection<Guid> ClubIds, IReadOnlyCollection<Guid> LeadOf)
{
    /// <summary>The actor from their memberships: the clubs they belong to, and those they lead.</summary>
    public static async Task<ChangeActor> LoadAsync(ImpacteDbContext db, Guid userId, bool isAdmin, CancellationToken ct = default)
    {
        var memberships = await db.Memberships.Where(m => m.UserId == userId).Select(m => new { m.ClubId, m.Role }).ToListAsync(ct);
        return new ChangeActor(userId, isAdmin,
            memberships.Select(m => m.ClubId).ToList(),
            memberships.Where(m => m.Role == ClubRole.Lead).Select(m => m.ClubId).ToList());
    }

    public bool IsMemberOf(Guid clubId) => ClubIds.Contains(clubId);

    public bool IsLeadOf(Guid clubId) => LeadOf.Contains(clubId);

    public bool CanSee(PracticeChange change) =>
        IsAdmin || IsMemberOf(change.ClubId) || ChangeWorkflow.IsNetworkVisible(change.Status);

    /// <summary>The owner while still a member of the club, the club's leads, admins.</summary>
    public bool CanEdit(PracticeChange change) =>
        IsAdmin || IsLeadOf(change.ClubId) || change.OwnerId == UserId && IsMemberOf(change.ClubId);
}
