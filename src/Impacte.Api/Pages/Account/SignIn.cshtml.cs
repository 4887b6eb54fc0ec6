using System.ComponentModel.DataAnnotations;
using Impacte.Api.Auth;
using Impacte.Api.Security;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Impacte.Api.Pages.Account;

[AllowAnonymous, EnableRateLimiting(RateLimiting.SignInPolicy)]
public sealed class SignInModel(SignInManager<User> signIn, PasswordCheck check) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [TempData]
    public string? Message { get; set; }

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter your email address")]
        public string? Email { get; init; }

        [Required(ErrorMessage = "Enter your password")]
        public string? Password { get; init; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var result = await check.CheckAsync(Input.Email!, Input.Password!, "web");
        if (result is { Outcome: PasswordCheckOutcome.Succeeded, User: { } user })
        {
            await signIn.SignInAsync(user, isPersistent: false);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (result.Outcome == PasswordCheckOutcome.Throttled)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            ModelState.AddModelError("", AccountThrottle.Message);
        }
        else
        {
            // One message for an unknown address, a wrong password and a locked account alike.
            ModelState.AddModelError("Input.Email", PasswordCheck.FailureMessage);
        }
        return Page();
    }
}
