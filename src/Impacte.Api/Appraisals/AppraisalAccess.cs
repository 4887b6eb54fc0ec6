using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Appraisals;

/// <summary>
/// Who may read an appraisal: once published, the whole network; before that, librarians and admins (who write and
/// check it) and the leads of the question's club. Anyone else is told it does not exist (404), since even a draft's
/// existence is not theirs to know.
/// </summary>
public sealed class AppraisalAccess(ImpacteDbContext db)
{
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
}
