namespace Impacte.Domain.Questions;

/// <summary>
/// Who is looking, and so which questions they see: their clubs' questions and every answered question in the
/// network; librarians and admins, who work across clubs, see all of them.
/// </summary>
public sealed record QuestionViewer(
    Guid UserId, bool IsAdmin, bool IsLibrarian, IReadOnlyCollection<Guid> ClubIds, IReadOnlyCollection<Guid> LeadOf)
{
    public bool SeesAll => IsAdmin || IsLibrarian;

    public QuestionReader Reader => new(UserId, SeesAll);

    public bool CanSee(Guid clubId, QuestionStatus status) =>
        SeesAll || status == QuestionStatus.Answered || ClubIds.Contains(clubId);

    public bool IsMemberOf(Guid clubId) => ClubIds.Contains(clubId);

    /// <summary>The viewer as <see cref="QuestionLifecycle"/> sees them for one question.</summary>
    public Actor ActorFor(ClinicalQuestion q) => new(
        IsAdmin: IsAdmin, IsLibrarian: IsLibrarian, IsClubLead: LeadOf.Contains(q.ClubId),
        IsClubMember: ClubIds.Contains(q.ClubId), IsProposer: q.ProposerId == UserId);
}
