using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Appraisals;

/// <summary>
/// Who may read an appraisal: once published, the whole network; before that, librarians and admins (who write and
/// check it) and the leads of the question's club. Anyone else is told it does not exist (404), since even a draft's
/// existence is not theirs to know. What a reader sees of the question it answers is <see cref="AppraisalTopics"/>'s rule.
/// </summary>
public sealed class AppraisalAccess(ImpacteDbContext db, Actors actors, TimeProvider clock)
{
    /// <summary>The network's today, from the injected clock: what "due for review" is measured against.</summary>
    public DateOnly Today => AppraisalReview.Today(clock);

    public static AppraisalActor Actor(ClaimsPrincipal user) => new(user.Id(), user.IsAdmin(), user.IsLibrarian());

    public IQueryable<Appraisal> Visible(ClaimsPrincipal user)
    {
        if (user.IsAdmin() || user.IsLibrarian()) return db.Appraisals;
        var userId = user.Id();
        return db.Appraisals.Where(a => a.Status == AppraisalStatus.Published ||
            db.Questions.Any(q => q.Id == a.QuestionId &&
                db.Memberships.Any(m => m.ClubId == q.ClubId && m.UserId == userId && m.Role == ClubRole.Lead)));
    }

    public async Task EnsureCanSeeAsync(Appraisal appraisal, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (appraisal.Status == AppraisalStatus.Published || user.IsAdmin() || user.IsLibrarian()) return;
        var userId = user.Id();
        var leads = await db.Questions.AnyAsync(q => q.Id == appraisal.QuestionId &&
            db.Memberships.Any(m => m.ClubId == q.ClubId && m.UserId == userId && m.Role == ClubRole.Lead), ct);
        if (!leads) throw new NotFoundException("The appraisal");
    }

    public Task<Actor> ViewerAsync(ClaimsPrincipal user, CancellationToken ct) => actors.ForAsync(user, ct);

    /// <summary>The question an appraisal answers, or null when the reader may read the topic but not see the question.</summary>
    public async Task<AppraisedQuestion?> QuestionAsync(Guid questionId, ClaimsPrincipal user, CancellationToken ct)
    {
        var q = await db.Questions.Where(q => q.Id == questionId)
            .Select(q => new { q.Id, q.Title, q.Sentence, ClubName = q.Club.Name, q.ClubId, q.Status, q.Population, q.Intervention, q.Comparison, q.Outcome })
            .SingleAsync(ct);
        return (await ViewerAsync(user, ct)).ShowsQuestion(q.ClubId, q.Status)
            ? new AppraisedQuestion(q.Id, q.Title, q.Sentence, q.ClubName, q.Population, q.Intervention, q.Comparison, q.Outcome)
            : null;
    }

    /// <summary>The topic's title for this reader: the question's own where they may see it, else a neutral one.</summary>
    public static string TopicTitle(Actor viewer, Guid clubId, QuestionStatus status, string questionTitle, string? bottomLine) =>
        viewer.ShowsQuestion(clubId, status) ? questionTitle : AppraisalTopics.NeutralTitle(bottomLine);
}
