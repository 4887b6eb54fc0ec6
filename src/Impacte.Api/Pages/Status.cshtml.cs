using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages;

/// <summary>The page shown for an error status on a page (API errors are ProblemDetails instead).</summary>
[AllowAnonymous]
// Re-executed for the error of any request, form posts included (a refused Dashboard action): it changes nothing, so it
// needs no antiforgery token, and without this a POST's 403 or 404 turned into the token check's 400.
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code)
    {
        Code = code;
        // Reached by redirect too (access denied): keep the error's status rather than answer 200.
        if (code is >= 400 and < 600) Response.StatusCode = code;
    }

    /// <summary>
    /// An error while posting a form is re-executed as a post. The code comes from the route, not model binding,
    /// which would read the form again (and fail again when the form itself was unreadable).
    /// </summary>
    public void OnPost() => OnGet(int.TryParse(RouteData.Values["code"]?.ToString(), out var code) ? code : 500);
}
