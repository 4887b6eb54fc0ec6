using System.ComponentModel.DataAnnotations;
using Impacte.Api.Security;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Impacte.Api.Pages.Account;

[AllowAnonymous, EnableRateLimiting(RateLimiting.SignInPolicy)]
public sealed class ForgotPasswordModel(PasswordResets resets, AccountThrottle throttle) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter your email address")]
        public string? Email { get; init; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid && EmailAddress.Normalise(Input.Email) is null)
            ModelState.AddModelError("Input.Email", "Enter an email address in the correct format, like name@example.org");
        if (!ModelState.IsValid) return Page();
        // Many addresses do not buy a script more emails to one inbox; the answer stays the same either way.
        if (throttle.TryAcquire(EmailAddress.Normalise(Input.Email)!)) await resets.RequestAsync(Input.Email, ct);
        // The same answer whether or not the account exists, so this page cannot be used to find out who has one.
        Sent = true;
        return Page();
    }
}
