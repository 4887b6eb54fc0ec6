using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Account;

/// <summary>Signing out is a POST (with its antiforgery token), so no link or image elsewhere can sign someone out.</summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<User> signIn) : PageModel
{
    [TempData]
    public string? Message { get; set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? Page() : RedirectToPage("/Account/SignIn");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        Message = "You have signed out.";
        return RedirectToPage("/Account/SignIn");
    }
}
