using System.ComponentModel.DataAnnotations;
using Impacte.Api.Auth;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Impacte.Api.Pages.Invitations;

/// <summary>
/// The page an invitation email links to. A new person chooses a password and is in. Someone who has an account
/// already signs in as usual (password, lockout) and then accepts: the link alone never signs anyone in.
/// </summary>
[AllowAnonymous]
public sealed class AcceptModel(ClubMembers members, SignInManager<User> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public Invitation? Invitation { get; private set; }

    /// <summary>The address already has an account: accepting needs that account's sign-in.</summary>
    public bool HasAccount { get; private set; }

    /// <summary>Signed in as the invitee: one button accepts.</summary>
    public bool SignedInAsInvitee { get; private set; }

    public string SignInUrl => $"/account/sign-in?returnUrl={Uri.EscapeDataString($"/invitations/accept?token={Token}")}";

    public sealed record InputModel
    {
        [Required(ErrorMessage = "Enter a password")]
        public string? Password { get; init; }

        [Required(ErrorMessage = "Enter the password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same")]
        public string? ConfirmPassword { get; init; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>A new person: create the account with the chosen password.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Invitation is null || HasAccount || !ModelState.IsValid) return Page();
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
        catch (ConflictException)
        {
            HasAccount = true; // the account was made meanwhile: sign in to accept
            return Page();
        }
    }

    /// <summary>Someone signed in with their own password accepts an invitation sent to their address.</summary>
    public async Task<IActionResult> OnPostJoinAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Invitation is null) return Page();
        if (User.Identity?.IsAuthenticated != true) return Redirect(SignInUrl);
        try
        {
            var joined = await members.AcceptAsMemberAsync(Token!, User.Id(), ct);
            TempData["Message"] = $"Welcome to {Invitation.Club.Name}.";
            return Redirect($"/clubs/{joined.ClubId}");
        }
        catch (NotFoundException)
        {
            Invitation = null;
            return Page();
        }
        catch (ForbiddenException e)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Invitation = await members.FindOpenInvitationAsync(Token, ct);
        if (Invitation is null) return;
        HasAccount = await members.HasAccountAsync(Invitation);
        SignedInAsInvitee = User.Identity?.IsAuthenticated == true &&
            string.Equals(User.Identity.Name, Invitation.Email, StringComparison.OrdinalIgnoreCase);
    }
}
