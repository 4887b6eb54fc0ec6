using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Appraisals;

/// <summary>
/// The network's published critically appraised topics, newest first: what has been answered already. A question the
/// reader may not see yet is listed by a neutral title, without its club (<see cref="AppraisalTopics"/>).
/// </summary>
public sealed class IndexModel(ImpacteDbContext db, CriticalAppraisals appraisals, Actors actors) : PageModel
{
    public sealed record Row(Guid Id, string Topic, string? ClubName, StudyDesign Design, string? BottomLine, int? Level,
        GradeCertainty? Grade, DateTimeOffset? PublishedAt, bool DueForReview = false);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; }
    public const int PageSize = 20;

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        PageNumber = Math.Max(1, p ?? 1);
        var published = db.Appraisals.Where(a => a.Status == AppraisalStatus.Published);
        Total = await published.CountAsync(ct);
        var rows = await published.OrderByDescending(a => a.PublishedAt)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new
            {
                a.Id, q.Title, q.ClubId, q.Status, ClubName = q.Club.Name, a.StudyDesign, a.BottomLine, a.EvidenceLevel, a.Grade, a.PublishedAt, a.ReviewBy,
            })
            .ToListAsync(ct);
        var viewer = await actors.ForAsync(User, ct);
        var today = appraisals.Today;
        Rows = rows.Select(r => viewer.ShowsQuestion(r.ClubId, r.Status)
            ? new Row(r.Id, r.Title, r.ClubName, r.StudyDesign, r.BottomLine, r.EvidenceLevel, r.Grade, r.PublishedAt,
                AppraisalReview.IsDue(AppraisalStatus.Published, r.ReviewBy, today))
            : new Row(r.Id, AppraisalTopics.NeutralTitle(r.BottomLine), null, r.StudyDesign, r.BottomLine, r.EvidenceLevel, r.Grade, r.PublishedAt,
                AppraisalReview.IsDue(AppraisalStatus.Published, r.ReviewBy, today)))
            .ToList();
    }
}
