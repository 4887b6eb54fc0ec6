using System.ComponentModel.DataAnnotations;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Invitations;

/// <summary>The page an invitation email links to: the invitee chooses a password and is in.</summary>
[AllowAnonymous]
public sealed class AcceptModel(ClubMembers members, SignInManager<User> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Invitation? Invitation { get; private set; }

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter a password")]
        public string? Password { get; init; }

        [Required(ErrorMessage = "Enter the password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same")]
        public string? ConfirmPassword { get; init; }
    }

    public async Task OnGetAsync(CancellationToken ct) =>
        Invitation = await members.FindOpenInvitationAsync(Token, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Invitation = await members.FindOpenInvitationAsync(Token, ct);
        if (Invitation is null || !ModelState.IsValid) return Page();
        try
        {
            var (user, result) = await members.AcceptAsync(Token!, Input.Password!, ct);
            if (user is null)
            {
                foreach (var error in result.Errors) ModelState.AddModelError("Input.Password", error.Description);
                return Page();
            }
            await signIn.SignInAsync(user, isPersistent: false);
            return Redirect($"/clubs/{Invitation.ClubId}");
        }
        catch (NotFoundException)
        {
            Invitation = null; // used or expired in the meantime
            return Page();
        }
    }
}
