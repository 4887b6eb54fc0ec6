using Impacte.Domain.Preferences;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Unsubscribe;

/// <summary>
/// One-click unsubscribe (RFC 8058). A mail provider POSTs <c>List-Unsubscribe=One-Click</c> to the link in the
/// List-Unsubscribe header, without a session or an antiforgery token: the signed token is the proof, and it only
/// turns off one member's one list, so no antiforgery is needed. Opening the link (GET, as mail scanners do) only
/// shows a button that makes the same POST. Doing it twice is the same as once; a forged or altered link is a 404.
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class IndexModel(Unsubscribes unsubscribes) : PageModel
{
    public UnsubscribeTarget Target { get; private set; } = null!;
    public bool Done { get; private set; }

    public string ListLabel => PreferenceNames.Label(Target.List);

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (await unsubscribes.CheckAsync(token, ct) is not { } target) return NotFound();
        Target = target;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (await unsubscribes.UnsubscribeAsync(token, ct) is not { } target) return NotFound();
        Target = target;
        Done = true;
        return Page();
    }
}
