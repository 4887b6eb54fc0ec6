using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Api.Pages.Network;
using Impacte.Domain.Changes;
using Impacte.Domain.Network;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Library;

/// <summary>The learning library: changes that ran their course or were stopped, and what they taught; as <c>GET /api/library</c>.</summary>
public sealed class IndexModel(LearningLibrary library, Actors actors) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public Page<LibraryEntry> Result { get; private set; } = new([], 0);
    public Pager Pager { get; private set; } = null!;
    public Actor Actor { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var page = Pager.Requested(Request);
        Actor = await actors.ForAsync(User, ct);
        Result = await library.SearchAsync(Pager.Search(Q), page, ct);
        Pager = Pager.For(Request, page.Page, Result.Total, [KeyValuePair.Create("q", Q)]);
    }

    /// <summary>Whether this reader may open the change itself; the learning is shown to everyone.</summary>
    public bool CanOpen(LibraryEntry e) => Actor.IsAdmin || Actor.IsMemberOf(e.ClubId) || ChangeWorkflow.IsNetworkVisible(e.Status);
}
