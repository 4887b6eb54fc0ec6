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
public sealed class SignInModel(SignInManager<User> signIn, SignInAudit audit) : PageModel
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

        var email = EmailAddress.Normalise(Input.Email) ?? Input.Email!.Trim();
        var user = await signIn.UserManager.FindByEmailAsync(email);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password!, isPersistent: false, lockoutOnFailure: true);
        await audit.RecordAsync(email, user, result, "web");

        if (result.Succeeded)
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        ModelState.AddModelError(result.IsLockedOut ? "" : "Input.Email", result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes. You can reset your password meanwhile."
            : "The email address or password is not right");
        return Page();
    }
}
