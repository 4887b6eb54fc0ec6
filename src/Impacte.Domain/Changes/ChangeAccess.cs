using Impacte.Domain.Access;

namespace Impacte.Domain.Changes;

/// <summary>
/// Who may see and act on practice changes, asked of the one <see cref="Actor"/>: members see their clubs' changes;
/// the whole network sees implemented and sustained ones; the owner and the club's leads edit and move a change;
/// admins see and do everything. Librarians have no business in a club's changes until the network may see them.
/// </summary>
public static class ChangeAccess
{
    public static bool CanSee(this Actor actor, PracticeChange change) =>
        actor.IsAdmin || actor.IsMemberOf(change.ClubId) || ChangeWorkflow.IsNetworkVisible(change.Status);

    /// <summary>The owner while still a member of the club, the club's leads, admins.</summary>
    public static bool CanEdit(this Actor actor, PracticeChange change) =>
        actor.IsAdmin || actor.IsLeadOf(change.ClubId) || change.OwnerId == actor.UserId && actor.IsMemberOf(change.ClubId);
}
