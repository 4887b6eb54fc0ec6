using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Appraisals;

/// <summary>A meeting that discussed the appraisal's question: when (in the club's own date), which club, and what it concluded.</summary>
public sealed record AppraisalDiscussion(Guid MeetingId, DateOnly On, string ClubName, bool Cancelled, string? Outcome);

/// <summary>What a practice decided to change on the strength of the appraisal or its question.</summary>
public sealed record AppraisalDecision(Guid ChangeId, string Title, string ClubName, ChangeStatus Status, DateOnly DueOn);

/// <summary>
/// Where a critically appraised topic led: the meetings that discussed its question and the practice changes resting on
/// it or its question, each only where the reader may follow it (meetings: the club's members and admins; changes:
/// <see cref="ChangeAccess.CanSee"/>).
/// </summary>
public sealed class AppraisalLinks(ImpacteDbContext db)
{
    public async Task<IReadOnlyList<AppraisalDiscussion>> DiscussionsAsync(Appraisal a, Actor actor, CancellationToken ct = default)
    {
        var rows = await db.AgendaItems.Where(i => i.QuestionId == a.QuestionId)
            .Join(db.Meetings, i => i.MeetingId, m => m.Id, (i, m) => new { m.Id, m.StartsAt, m.ClubId, m.Status, ClubName = m.Club.Name, m.Club.TimeZone, i.Outcome })
            .OrderBy(m => m.StartsAt).AsNoTracking().ToListAsync(ct);
        return rows.Where(m => actor.IsAdmin || actor.IsMemberOf(m.ClubId))
            .Select(m => new AppraisalDiscussion(m.Id, Club.DateIn(m.TimeZone, m.StartsAt), m.ClubName, m.Status == MeetingStatus.Cancelled, m.Outcome))
            .ToList();
    }

    public async Task<IReadOnlyList<AppraisalDecision>> DecisionsAsync(Appraisal a, Actor actor, CancellationToken ct = default)
    {
        var changes = await db.Set<PracticeChange>().Include(c => c.Club).AsNoTracking()
            .Where(c => c.AppraisalId == a.Id || c.QuestionId == a.QuestionId)
            .OrderBy(c => c.CreatedAt).ToListAsync(ct);
        return changes.Where(actor.CanSee).Select(c => new AppraisalDecision(c.Id, c.Title, c.Club.Name, c.Status, c.DueOn)).ToList();
    }
}
