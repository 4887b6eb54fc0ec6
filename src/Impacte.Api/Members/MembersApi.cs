using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Members;

public static class MembersApi
{
    public const long MaxCsvBytes = 1024 * 1024;

    public static RouteGroupBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var club = app.MapGroup("/api/clubs/{clubId:guid}").WithTags("Members").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        var group = club.MapGroup("/members");
        group.MapGet("/", ListMembers).WithName(nameof(ListMembers)).ProducesValidationProblem().RequireClub(ClubPermission.ViewMembers).WithSummary("The club's members.");
        group.MapPost("/", InviteMember).WithName(nameof(InviteMember)).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).RequireClub(ClubPermission.Manage)
            .WithSummary("Invite someone by email (lead, admin): always an invitation they accept (202), whether or not the address has an account. A newer invitation replaces older ones to the same address.");
        group.MapDelete("/{userId:guid}", RemoveMember).WithName(nameof(RemoveMember)).ProducesProblem(StatusCodes.Status409Conflict).RequireClub(ClubPermission.Manage).WithSummary("Remove a member (lead, admin).");
        group.MapDelete("/{userId:guid}/undeliverable", ClearUndeliverable).WithName(nameof(ClearUndeliverable))
            .ProducesProblem(StatusCodes.Status404NotFound).RequireClub(ClubPermission.Manage)
            .WithSummary("Clear the undeliverable mark on a member's address (lead, admin), once the mailbox works again.");
        group.MapPost("/import", ImportMembers).WithName(nameof(ImportMembers)).ProducesValidationProblem().RequireClub(ClubPermission.Manage)
            // Bearer-token API: no cookie, hence no cross-site request to forge.
            .DisableAntiforgery()
            .WithSummary("Invite members from a CSV file (columns email,name,profession,role): all rows or none.");

        var invitations = club.MapGroup("/invitations");
        invitations.MapGet("/", ListInvitations).WithName(nameof(ListInvitations)).RequireClub(ClubPermission.Manage)
            .WithSummary("The club's invitations still waiting for an answer (lead, admin).");
        invitations.MapDelete("/{invitationId:guid}", RevokeInvitation).WithName(nameof(RevokeInvitation))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireClub(ClubPermission.Manage)
            .WithSummary("Withdraw a pending invitation (lead, admin): its link stops working.");
        invitations.MapPost("/{invitationId:guid}/resend", ResendInvitation).WithName(nameof(ResendInvitation))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).RequireClub(ClubPermission.Manage)
            .WithSummary("Send a pending (or expired) invitation again (lead, admin): a new link, and the old one stops working (202).");
        return club;
    }

    internal static async Task<Ok<IReadOnlyList<InvitationResponse>>> ListInvitations(Guid clubId, ClubMembers members, CancellationToken ct)
    {
        var pending = await members.PendingAsync(clubId, ct);
        return TypedResults.Ok<IReadOnlyList<InvitationResponse>>(pending.Select(ToResponse).ToList());
    }

    internal static async Task<NoContent> RevokeInvitation(Guid clubId, Guid invitationId, ClubMembers members, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        await members.RevokeAsync(clubId, invitationId, user.Id(), http.Connection.RemoteIpAddress?.ToString(), ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Accepted<InvitationResponse>> ResendInvitation(
        Guid clubId, Guid invitationId, ClubMembers members, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var sent = await members.ResendAsync(clubId, invitationId, user.Id(), http.Connection.RemoteIpAddress?.ToString(), ct);
        return TypedResults.Accepted((string?)null, ToResponse(sent.Invitation));
    }

    private static InvitationResponse ToResponse(Invitation i) => new(i.Id, i.Email, i.Name, RoleName(i.Role), i.ExpiresAt);

    internal static async Task<Ok<Paged<MemberResponse>>> ListMembers(
        Guid clubId, ImpacteDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var members = db.Memberships.Where(m => m.ClubId == clubId).OrderBy(m => m.User.Name)
            .Select(m => new MemberResponse(m.UserId, m.User.Email!, m.User.Name, m.User.Profession,
                m.Role == ClubRole.Lead ? "lead" : "member", m.IsPublicRepresentative, m.JoinedAt,
                db.EmailBounces.Any(b => b.Address == m.User.Email!.ToLower() && b.UndeliverableSince != null)));
        return TypedResults.Ok(await members.ToPagedAsync(PageRequest.From(page, pageSize), ct));
    }

    /// <summary>The same answer whether or not the address has an account: nothing about that person is revealed.</summary>
    internal static async Task<Accepted<InvitationResponse>> InviteMember(
        Guid clubId, InviteMemberRequest request, ClubMembers members, ClaimsPrincipal user, CancellationToken ct)
    {
        var invite = new MemberInvite(request.Email, request.Name, request.Profession, request.Role, request.IsPublicRepresentative);
        var sent = await members.InviteAsync(clubId, invite, user.Id(), ct);
        return TypedResults.Accepted((string?)null, ToResponse(sent.Invitation));
    }

    internal static async Task<NoContent> RemoveMember(Guid clubId, Guid userId, ClubMembers members, ClaimsPrincipal user, CancellationToken ct)
    {
        await members.RemoveAsync(clubId, userId, user.Id(), ct);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> ClearUndeliverable(Guid clubId, Guid userId, ClubMembers members, CancellationToken ct)
    {
        await members.ClearUndeliverableAsync(clubId, userId, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<ImportMembersResponse>> ImportMembers(
        Guid clubId, IFormFile file, ClubMembers members, ClaimsPrincipal user, CancellationToken ct)
    {
        if (file.Length > MaxCsvBytes) throw new DomainValidationException("file", "The CSV must be 1 MB or smaller.");
        using var reader = new StreamReader(file.OpenReadStream());
        var report = await members.ImportAsync(clubId, reader, user.Id(), ct);
        return TypedResults.Ok(new ImportMembersResponse(report.Invited, report.LinesAlreadyMembers));
    }

    internal static string RoleName(ClubRole role) => role == ClubRole.Lead ? "lead" : "member";
}
