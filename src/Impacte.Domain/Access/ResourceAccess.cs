using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Measures;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Access;

/// <summary>
/// Finds the club a resource belongs to and applies <see cref="AccessRules"/>: <see cref="NotFoundException"/> for
/// someone with no business in it (as if it did not exist), <see cref="ForbiddenException"/> for someone who may see it
/// but not do this. The Api's route filters for {clubId}, {meetingId}, {questionId}, {changeId}, {measureId}, {pdsaId} and
/// {auditId} call it before a handler runs.
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

    /// <summary>A change's own rule; a stranger hears that the change was not found.</summary>
    public Task EnsureChangeAsync(Actor actor, Guid changeId, ChangePermission permission, CancellationToken ct = default) =>
        EnsureChangeOfAsync(actor, db.Set<PracticeChange>().Where(c => c.Id == changeId), "The change", permission, ct);

    /// <summary>A measure answers as its change does, but a stranger hears that the measure was not found.</summary>
    public Task EnsureMeasureAsync(Actor actor, Guid measureId, ChangePermission permission, CancellationToken ct = default) =>
        EnsureChangeOfAsync(actor, db.Set<Measure>().Where(m => m.Id == measureId).Select(m => m.Change), "The measure", permission, ct);

    public Task EnsurePdsaAsync(Actor actor, Guid pdsaId, ChangePermission permission, CancellationToken ct = default) =>
        EnsureChangeOfAsync(actor, db.Set<PdsaCycle>().Where(p => p.Id == pdsaId)
            .Join(db.Set<PracticeChange>(), p => p.ChangeId, c => c.Id, (_, c) => c), "The PDSA cycle", permission, ct);

    public Task EnsureAuditAsync(Actor actor, Guid auditId, ChangePermission permission, CancellationToken ct = default) =>
        EnsureChangeOfAsync(actor, db.Set<MeasureAudit>().Where(a => a.Id == auditId)
            .Join(db.Set<Measure>(), a => a.MeasureId, m => m.Id, (_, m) => m.Change), "The audit", permission, ct);

    private static async Task EnsureChangeOfAsync(Actor actor, IQueryable<PracticeChange> change, string what, ChangePermission permission, CancellationToken ct)
    {
        // Only what the rule reads: the club, the status and the owner.
        var c = await change.Select(c => new { c.ClubId, c.Status, c.OwnerId }).FirstOrDefaultAsync(ct) ?? throw new NotFoundException(what);
        var rule = new PracticeChange { ClubId = c.ClubId, Status = c.Status, OwnerId = c.OwnerId };
        Enforce(actor.ForChange(rule, permission), what, AccessRules.ChangeRefusal(permission));
    }

    private static void Enforce(Verdict verdict, string what, string refusal)
    {
        if (verdict == Verdict.Hidden) throw new NotFoundException(what);
        if (verdict == Verdict.Forbidden) throw new ForbiddenException(refusal);
    }
}
