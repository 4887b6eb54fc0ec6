namespace Impacte.Domain.Changes;

/// <summary>
/// Who is acting on practice changes: members see their clubs' changes; the whole network sees implemented and
/// sustained ones; the owner and the club's leads edit and move a change; admins see and do everything.
/// </summary>
public sealed record ChangeActor(Guid UserId, bool IsAdmin, IReadOnlyCollection<Guid> ClubIds, IReadOnlyCollection<Guid> LeadOf)
{
    public bool IsMemberOf(Guid clubId) => ClubIds.Contains(clubId);

    public bool IsLeadOf(Guid clubId) => LeadOf.Contains(clubId);

    public bool CanSee(PracticeChange change) =>
        IsAdmin || IsMemberOf(change.ClubId) || ChangeWorkflow.IsNetworkVisible(change.Status);

    /// <summary>The owner while still a member of the club, the club's leads, admins.</summary>
    public bool CanEdit(PracticeChange change) =>
        IsAdmin || IsLeadOf(change.ClubId) || change.OwnerId == UserId && IsMemberOf(change.ClubId);
}
