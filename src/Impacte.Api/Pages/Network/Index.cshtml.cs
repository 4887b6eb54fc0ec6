using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Network;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Network;

/// <summary>
/// "Who is on what": every practice's changes, questions taken on and appraisals in work, filtered by clinical area,
/// practice, status and person, searchable and paged; the same service as <c>GET /api/network/changes</c>.
/// </summary>
public sealed class IndexModel(ImpacteDbContext db, NetworkView network, Actors actors) : PageModel
{
    public const string Changes = "changes", Questions = "questions", Appraisals = "appraisals";

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? ClubId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? PersonId { get; set; }
    /// <summary>Which list: changes (the default), questions in progress, or appraisals in work.</summary>
    [BindProperty(SupportsGet = true)] public string? View { get; set; }

    public string Showing => View is Questions or Appraisals ? View : Changes;
    public Page<NetworkChange> ChangeList { get; private set; } = new([], 0);
    public Page<NetworkQuestion> QuestionList { get; private set; } = new([], 0);
    public Page<NetworkAppraisal> AppraisalList { get; private set; } = new([], 0);
    public Pager Pager { get; private set; } = null!;
    public string? PersonName { get; private set; }
    public IReadOnlyList<KeyValuePair<string, string>> Clubs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Unknown filter values are ignored rather than failing the page: they only come from edited URLs.
        var filter = new NetworkFilter(
            ClinicalAreas.TryParse(Area, out var area) ? area : null, ClubId,
            ChangeWorkflow.TryParse(Status, out var status) ? status : null, PersonId, Pager.Search(Q));
        var page = Pager.Requested(Request);
        var actor = await actors.ForAsync(User, ct);
        // Each list's total shows on its tab; only the list shown is read in full.
        var one = new Domain.Common.PageRequest(1, 1);
        ChangeList = await network.ChangesAsync(filter, Showing == Changes ? page : one, actor, ct);
        QuestionList = await network.QuestionsAsync(filter, Showing == Questions ? page : one, ct);
        AppraisalList = await network.AppraisalsAsync(filter, Showing == Appraisals ? page : one, ct);
        var total = Showing switch { Questions => QuestionList.Total, Appraisals => AppraisalList.Total, _ => ChangeList.Total };
        Pager = Pager.For(Request, page.Page, total, Filters(Showing));
        if (PersonId is { } personId) PersonName = await db.Users.Where(u => u.Id == personId).Select(u => u.Name).FirstOrDefaultAsync(ct);
        Clubs = await db.Clubs.OrderBy(c => c.Name).Select(c => KeyValuePair.Create(c.Id.ToString(), c.Name)).ToListAsync(ct);
    }

    /// <summary>The filters as query values, with <paramref name="view"/> for the list.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Filters(string view, Guid? personId = null, bool dropPerson = false) =>
    [
        KeyValuePair.Create("q", Q), KeyValuePair.Create("area", Area), KeyValuePair.Create("clubId", ClubId?.ToString()),
        KeyValuePair.Create("status", Status), KeyValuePair.Create("personId", dropPerson ? null : (personId ?? PersonId)?.ToString()),
        KeyValuePair.Create("view", view == Changes ? null : view),
    ];

    /// <summary>This page with the same filters, another list, person or none.</summary>
    public string Link(string view, Guid? personId = null, bool dropPerson = false) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/network", Filters(view, personId, dropPerson).Where(f => !string.IsNullOrEmpty(f.Value)));
}
