using System.ComponentModel.DataAnnotations;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(PasswordResets resets) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public sealed record InputModel
    {
        public string? Email { get; init; }
        public string? Token { get; init; }

        [Required(ErrorMessage = "Enter a new password")]
        public string? Password { get; init; }

        [Required(ErrorMessage = "Enter the new password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same")]
        public string? ConfirmPassword { get; init; }
    }

    public IActionResult OnGet(string? email, string? token)
    {
        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(token)) return RedirectToPage("/Account/ForgotPassword");
        Input = new InputModel { Email = email, Token = token };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await resets.ResetAsync(Input.Email, Input.Token ?? "", Input.Password!);
        if (result.Succeeded)
        {
            Message = "Your password has been changed. Sign in with your new password.";
            return RedirectToPage("/Account/SignIn");
        }
        foreach (var error in result.Errors)
            ModelState.AddModelError(error.Code.Contains("Token") ? "" : "Input.Password",
                error.Code.Contains("Token") ? "This reset link is not valid any more. Ask for a new one." : error.Description);
        return Page();
    }
}
