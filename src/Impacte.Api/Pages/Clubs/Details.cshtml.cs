using System.ComponentModel.DataAnnotations;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Pages.Shared;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Pages.Clubs;

/// <summary>One club: its members, and for its leads the invitation form and pending invitations.</summary>
public sealed class DetailsModel(ImpacteDbContext db, ClubAccess access, ClubMembers members) : PageModel
{
    public sealed record MemberRow(Guid UserId, string Name, string Email, string? Profession, ClubRole Role, bool IsPublicRepresentative, bool Undeliverable);
    public sealed record PendingRow(Guid Id, string Name, string Email, DateTimeOffset ExpiresAt);

    public sealed record InviteInput
    {
        [Required(ErrorMessage = "Enter the person's email address")]
        public string? Email { get; init; }

        [Required(ErrorMessage = "Enter the person's name")]
        public string? Name { get; init; }

        public string? Profession { get; init; }
        public string? Role { get; init; } = "member";
    }

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public Club Club { get; private set; } = null!;
    public Guid CurrentUserId => User.Id();
    public bool CanSeeMembers { get; private set; }
    public bool CanManage { get; private set; }
    public IReadOnlyList<MemberRow> Members { get; private set; } = [];
    public IReadOnlyList<PendingRow> Pending { get; private set; } = [];
    public static IReadOnlyList<string> RoleOptions { get; } = ["member", "lead", "public representative"];

    public async Task<IActionResult> OnGetAsync(Guid clubId, CancellationToken ct) =>
        await LoadAsync(clubId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostInviteAsync(Guid clubId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        if (!ModelState.IsValid) return Page();
        try
        {
            var sent = await members.InviteAsync(clubId, new MemberInvite(Invite.Email, Invite.Name, Invite.Profession, Invite.Role), User.Id(), ct);
            // The same words whether or not the address has an account.
            Message = $"Invitation sent to {sent.Invitation.Email}. It expires in {(int)Invitation.Lifetime.TotalDays} days.";
            return RedirectToPage(new { clubId });
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, prefix: "Invite");
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError("Invite.Email", e.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid clubId, Guid invitationId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            await members.RevokeAsync(clubId, invitationId, User.Id(), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            Message = "Invitation withdrawn: its link no longer works.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { clubId });
    }

    public async Task<IActionResult> OnPostResendAsync(Guid clubId, Guid invitationId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            var sent = await members.ResendAsync(clubId, invitationId, User.Id(), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            Message = $"Invitation sent again to {sent.Invitation.Email}, with a new link; the old link no longer works.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { clubId });
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid clubId, Guid userId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            await members.RemoveAsync(clubId, userId, User.Id(), ct);
            Message = "Member removed.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { clubId });
    }

    public async Task<IActionResult> OnPostClearUndeliverableAsync(Guid clubId, Guid userId, CancellationToken ct)
    {
        if (!await LoadAsync(clubId, ct)) return NotFound();
        if (!CanManage) return Forbid();
        try
        {
            await members.ClearUndeliverableAsync(clubId, userId, ct);
            Message = "The address is marked deliverable again: IMPACTE's emails go to it from now on.";
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
        return RedirectToPage(new { clubId });
    }

    private async Task<bool> LoadAsync(Guid clubId, CancellationToken ct)
    {
        if (!await access.AllowsAsync(clubId, User, ClubPermission.View, ct)) return false;
        Club = await db.Clubs.SingleAsync(c => c.Id == clubId, ct);
        CanSeeMembers = await access.AllowsAsync(clubId, User, ClubPermission.ViewMembers, ct);
        CanManage = await access.AllowsAsync(clubId, User, ClubPermission.Manage, ct);
        if (CanSeeMembers)
            Members = await db.Memberships.Where(m => m.ClubId == clubId).OrderBy(m => m.Role == ClubRole.Lead ? 0 : 1).ThenBy(m => m.User.Name)
                .Select(m => new MemberRow(m.UserId, m.User.Name, m.User.Email!, m.User.Profession, m.Role, m.IsPublicRepresentative,
                    db.EmailBounces.Any(b => b.Address == m.User.Email!.ToLower() && b.UndeliverableSince != null)))
                .ToListAsync(ct);
        if (CanManage)
        {
            Pending = (await members.PendingAsync(clubId, ct)).OrderBy(i => i.Name)
                .Select(i => new PendingRow(i.Id, i.Name, i.Email, i.ExpiresAt)).ToList();
        }
        return true;
    }

    public static IReadOnlyList<string> ProfessionOptions => Professions.All;
}
