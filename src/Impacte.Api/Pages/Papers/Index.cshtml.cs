using Impacte.Api.Papers;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Papers;

/// <summary>
/// The papers IMPACTE holds, searched as GET /api/papers searches them (<see cref="PaperSearch"/>): a DOI, a PMID, or
/// words of the title, keywords or abstract, title hits first.
/// </summary>
public sealed class IndexModel(ImpacteDbContext db) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    public IReadOnlyList<PaperSummary> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public string? Error { get; private set; }

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        PageNumber = Math.Max(1, Math.Min(p ?? 1, PageRequest.MaxPage));
        IQueryable<Paper> found;
        try
        {
            found = PaperSearch.Apply(db.Papers, Q);
        }
        catch (DomainValidationException e)
        {
            // Text no search can use (too long, control characters): say so, and list nothing.
            Error = e.Errors.Values.SelectMany(v => v).FirstOrDefault();
            return;
        }
        Total = await found.CountAsync(ct);
        Items = await found.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(PaperSummary.Of).ToListAsync(ct);
    }
}
