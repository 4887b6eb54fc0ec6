using Impacte.Domain;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Appraisals;

/// <summary>The network's published critically appraised topics, newest first: what has been answered already.</summary>
public sealed class IndexModel(ImpacteDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string QuestionTitle, string ClubName, StudyDesign Design, string? BottomLine, int? Level,
        GradeCertainty? Grade, DateTimeOffset? PublishedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; }
    public const int PageSize = 20;

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        PageNumber = Math.Max(1, p ?? 1);
        var published = db.Appraisals.Where(a => a.Status == AppraisalStatus.Published);
        Total = await published.CountAsync(ct);
        Rows = await published.OrderByDescending(a => a.PublishedAt)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Join(db.Questions, a => a.QuestionId, q => q.Id, (a, q) => new Row(a.Id, q.Title, q.Club.Name, a.StudyDesign, a.BottomLine,
                a.EvidenceLevel, a.Grade, a.PublishedAt))
            .ToListAsync(ct);
    }
}
