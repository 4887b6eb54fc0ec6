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

public sealed record MemberResponse(Guid UserId, string Email, string Name, string? Profession, string Role,
    bool IsPublicRepresentative, DateTimeOffset JoinedAt);
public sealed record InviteMemberRequest(string? Email, string? Name, string? Profession, string? Role, bool IsPublicRepresentative = false);
public sealed record InvitationResponse(Guid Id, string Email, string Name, string Role, DateTimeOffset ExpiresAt);
public sealed record ImportMembersResponse(int Invited, int Added, IReadOnlyList<int> LinesAlreadyMembers);

public static class MembersApi
{
    public const long MaxCsvBytes = 1024 * 1024;

    public static RouteGroupBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clubs/{clubId:guid}/members").WithTags("Members").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", ListMembers).WithName(nameof(ListMembers)).ProducesValidationProblem().RequireClub(ClubPermission.ViewMembers).WithSummary("The club's members.");
        group.MapPost("/", InviteMember).WithName(nameof(InviteMember)).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).RequireClub(ClubPermission.Manage)
            .WithSummary("Invite someone by email (lead, admin). An existing account is added at once (201); a new person gets an invitation (202).");
        group.MapDelete("/{userId:guid}", RemoveMember).WithName(nameof(RemoveMember)).ProducesProblem(StatusCodes.Status409Conflict).RequireClub(ClubPermission.Manage).WithSummary("Remove a member (lead, admin).");
        group.MapPost("/import", ImportMembers).WithName(nameof(ImportMembers)).ProducesValidationProblem().RequireClub(ClubPermission.Manage)
            // Bearer-token API: no cookie, hence no cross-site request to forge.
            .DisableAntiforgery()
            .WithSummary("Invite members from a CSV file (columns email,name,profession,role): all rows or none.");
        return group;
    }

    internal static async Task<Ok<Paged<MemberResponse>>> ListMembers(
        Guid clubId, ImpacteDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var members = db.Memberships.Where(m => m.ClubId == clubId).OrderBy(m => m.User.Name)
            .Select(m => new MemberResponse(m.UserId, m.User.Email!, m.User.Name, m.User.Profession,
                m.Role == ClubRole.Lead ? "lead" : "member", m.IsPublicRepresentative, m.JoinedAt));
        return TypedResults.Ok(await members.ToPagedAsync(PageRequest.From(page, pageSize), ct));
    }

    internal static async Task<Results<Created<MemberResponse>, Accepted<InvitationResponse>>> InviteMember(
        Guid clubId, InviteMemberRequest request, ClubMembers members, ClaimsPrincipal user, CancellationToken ct)
    {
        var invite = new MemberInvite(request.Email, request.Name, request.Profession, request.Role, request.IsPublicRepresentative);
        return await members.InviteAsync(clubId, invite, user.Id(), ct) switch
        {
            MemberAdded { Membership: var m } => TypedResults.Created($"/api/clubs/{clubId}/members/{m.UserId}",
                new MemberResponse(m.UserId, m.User.Email!, m.User.Name, m.User.Profession, RoleName(m.Role), m.IsPublicRepresentative, m.JoinedAt)),
            InvitationSent { Invitation: var i } => TypedResults.Accepted((string?)null,
                new InvitationResponse(i.Id, i.Email, i.Name, RoleName(i.Role), i.ExpiresAt)),
            _ => throw new InvalidOperationException("Unknown invite outcome."),
        };
    }

    internal static async Task<NoContent> RemoveMember(Guid clubId, Guid userId, ClubMembers members, CancellationToken ct)
    {
        await members.RemoveAsync(clubId, userId, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<ImportMembersResponse>> ImportMembers(
        Guid clubId, IFormFile file, ClubMembers members, ClaimsPrincipal user, CancellationToken ct)
    {
        if (file.Length > MaxCsvBytes) throw new DomainValidationException("file", "The CSV must be 1 MB or smaller.");
        using var reader = new StreamReader(file.OpenReadStream());
        var report = await members.ImportAsync(clubId, reader, user.Id(), ct);
        return TypedResults.Ok(new ImportMembersResponse(report.Invited, report.Added, report.LinesAlreadyMembers));
    }

    internal static string RoleName(ClubRole role) => role == ClubRole.Lead ? "lead" : "member";
}
