using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages;

/// <summary>The page shown for an error status on a page (API errors are ProblemDetails instead).</summary>
[AllowAnonymous]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code)
    {
        Code = code;
        // Reached by redirect too (access denied): keep the error's status rather than answer 200.
        if (code is >= 400 and < 600) Response.StatusCode = code;
    }
}
