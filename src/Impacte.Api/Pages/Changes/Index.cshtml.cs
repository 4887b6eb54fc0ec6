using Impacte.Domain;
using Impacte.Domain.Changes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Changes;

/// <summary>The network's practice changes as this person may see them, filtered by status, owner and club.</summary>
public sealed class IndexModel(ImpacteDbContext db, PracticeChanges changes) : ChangeListModel(changes)
{
    [BindProperty(SupportsGet = true)] public Guid? ClubId { get; set; }
    public IReadOnlyList<KeyValuePair<string, string>> Clubs { get; private set; } = [];
    /// <summary>Clubs this person leads, where they can agree a change.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Leads { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ClubId, ct);
        Clubs = await db.Clubs.OrderBy(c => c.Name).Select(c => KeyValuePair.Create(c.Id.ToString(), c.Name)).ToListAsync(ct);
        var leads = Actor.LeadOf.ToList();
        Leads = await db.Clubs.Where(c => Actor.IsAdmin || leads.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => KeyValuePair.Create(c.Id.ToString(), c.Name)).ToListAsync(ct);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Filters() =>
        base.Filters().Append(KeyValuePair.Create("clubId", ClubId?.ToString()));
}
