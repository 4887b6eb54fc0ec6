using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;

namespace Impacte.Api.Appraisals;

/// <summary>
/// Who may read an appraisal: once published, the whole network; before that, librarians and admins (who write and
/// check it). Anyone else is told it does not exist (404), since even a draft's existence is not theirs to know.
/// </summary>
public sealed class AppraisalAccess(ImpacteDbContext db)
{
    public static AppraisalActor Actor(ClaimsPrincipal user) => new(user.Id(), user.IsAdmin(), user.IsLibrarian());

    public IQueryable<Appraisal> Visible(ClaimsPrincipal user)
    {
        if (user.IsAdmin() || user.IsLibrarian()) return db.Appraisals;
        return db.Appraisals.Where(a => a.Status == AppraisalStatus.Published);
    }

    public Task EnsureCanSeeAsync(Appraisal appraisal, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (appraisal.Status == AppraisalStatus.Published || user.IsAdmin() || user.IsLibrarian()) return Task.CompletedTask;
        throw new NotFoundException("The appraisal");
    }
}
