using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Api.Http;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Changes;

/// <summary>
/// A list of practice changes as the caller may see them (their clubs' changes, and every implemented or sustained
/// one), filtered by status, owner and club, paged: the same query as <c>GET /api/changes</c>.
/// </summary>
public abstract class ChangeListModel(PracticeChanges changes) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? OwnerId { get; set; }
    /// <summary>The "page" query value, read by hand: Razor Pages' own "page" route value shadows it in binding.</summary>
    public int PageNumber { get; set; } = 1;

    public Paged<ChangeListItemResponse> Result { get; private set; } = new([], 0, 1, PageSize);
    public int Pages => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);
    public IReadOnlyList<KeyValuePair<string, string>> Owners { get; private set; } = [];
    public Actor Actor { get; private set; } = null!;

    public static IReadOnlyList<KeyValuePair<string, string>> Statuses { get; } =
        Enum.GetValues<ChangeStatus>().Select(s => KeyValuePair.Create(s.Name(), ChangeDisplay.Capitalised(s))).ToList();

    protected async Task LoadAsync(Guid? clubId, CancellationToken ct)
    {
        Actor = await Actors.ForAsync(HttpContext);
        // Unknown filter values are ignored rather than failing the page: they only come from edited URLs.
        ChangeStatus? status = ChangeWorkflow.TryParse(Status, out var s) ? s : null;
        PageNumber = int.TryParse(Request.Query["page"], out var asked) ? asked : 1;
        var page = PageRequest.Clamped(PageNumber, PageSize);
        PageNumber = page.Page;
        Result = await changes.Visible(Actor, new ChangeFilter(clubId, status, OwnerId)).ToPagedItemsAsync(changes, page, ct);
        // Owners to filter by: whoever owns a change this person may see in the list's scope.
        Owners = await changes.Visible(Actor, new ChangeFilter(clubId)).Select(c => new { c.OwnerId, c.Owner.Name }).Distinct()
            .OrderBy(o => o.Name).Select(o => KeyValuePair.Create(o.OwnerId.ToString(), o.Name)).ToListAsync(ct);
    }

    /// <summary>This list at another page, filters kept.</summary>
    public virtual string LinkFor(int page) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Request.Path,
        Filters().Append(KeyValuePair.Create("page", (string?)page.ToString())).Where(p => !string.IsNullOrEmpty(p.Value)));

    protected virtual IEnumerable<KeyValuePair<string, string?>> Filters() =>
    [
        KeyValuePair.Create("status", Status), KeyValuePair.Create("ownerId", OwnerId?.ToString()),
    ];
}
