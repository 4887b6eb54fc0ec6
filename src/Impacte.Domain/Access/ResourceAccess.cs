using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Access;

/// <summary>
/// Finds the club a resource belongs to and applies <see cref="AccessRules"/>: <see cref="NotFoundException"/> for
/// someone with no business in it (as if it did not exist), <see cref="ForbiddenException"/> for someone who may see it
/// but not do this. The Api's route filters for {clubId}, {meetingId} and {questionId} call it before a handler runs.
/// </summary>
public sealed class ResourceAccess(ImpacteDbContext db)
{
    public async Task EnsureClubAsync(Actor actor, Guid clubId, ClubPermission permission, CancellationToken ct = default)
    {
        if (!await db.Clubs.AnyAsync(c => c.Id == clubId, ct)) throw new NotFoundException("The club");
        Enforce(actor.ForClub(clubId, permission), "The club", AccessRules.ClubRefusal(permission));
    }

    public async Task<bool> AllowsClubAsync(Actor actor, Guid clubId, ClubPermission permission, CancellationToken ct = default) =>
        actor.ForClub(clubId, permission) == Verdict.Allowed && await db.Clubs.AnyAsync(c => c.Id == clubId, ct);

    /// <summary>A meeting answers as its club does, but a stranger hears that the meeting, not the club, was not found.</summary>
    public async Task EnsureMeetingAsync(Actor actor, Guid meetingId, ClubPermission permission, CancellationToken ct = default)
    {
        var clubId = await db.Meetings.Where(m => m.Id == meetingId).Select(m => (Guid?)m.ClubId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("The meeting");
        Enforce(actor.ForClub(clubId, permission), "The meeting", AccessRules.ClubRefusal(permission));
    }

    public async Task EnsureQuestionAsync(Actor actor, Guid questionId, QuestionPermission permission, CancellationToken ct = default)
    {
        var q = await db.Questions.Where(q => q.Id == questionId).Select(q => new { q.ClubId, q.Status, q.ProposerId }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("The question");
        Enforce(actor.ForQuestion(q.ClubId, q.Status, q.ProposerId, permission), "The question", AccessRules.QuestionRefusal(permission));
    }

    private static void Enforce(Verdict verdict, string what, string refusal)
    {
        if (verdict == Verdict.Hidden) throw new NotFoundException(what);
        if (verdict == Verdict.Forbidden) throw new ForbiddenException(refusal);
    }
}
