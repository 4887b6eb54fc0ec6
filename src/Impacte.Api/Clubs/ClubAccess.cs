using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Clubs;

/// <summary>What a person may do in one club.</summary>
public enum ClubPermission
{
    /// <summary>See the club's name and settings: its members, librarians and admins.</summary>
    View,
    /// <summary>See who belongs to it: its members and admins.</summary>
    ViewMembers,
    /// <summary>Change it and its membership: its leads and admins.</summary>
    Manage,
}

/// <summary>
/// The club rule behind every club-scoped page and endpoint. Someone with no business in a club gets 404, as if
/// it did not exist (its existence is private too); someone who may see it but not do this gets 403.
/// </summary>
public sealed class ClubAccess(ImpacteDbContext db)
{
    public async Task EnsureAsync(Guid clubId, ClaimsPrincipal user, ClubPermission permission, CancellationToken ct = default)
    {
        if (!await db.Clubs.AnyAsync(c => c.Id == clubId, ct)) throw new NotFoundException("The club");
        if (user.IsAdmin()) return;

        var userId = user.Id();
        var role = await db.Memberships.Where(m => m.ClubId == clubId && m.UserId == userId)
            .Select(m => (ClubRole?)m.Role).FirstOrDefaultAsync(ct);
        var canView = role is not null || user.IsLibrarian();
        if (!canView) throw new NotFoundException("The club");

        var allowed = permission switch
        {
            ClubPermission.View => true,
            ClubPermission.ViewMembers => role is not null,
            ClubPermission.Manage => role == ClubRole.Lead,
            _ => false,
        };
        if (!allowed) throw new ForbiddenException(permission == ClubPermission.Manage
            ? "Only the club's leads can do this."
            : "Only the club's members can see this.");
    }

    public async Task<bool> AllowsAsync(Guid clubId, ClaimsPrincipal user, ClubPermission permission, CancellationToken ct = default)
    {
        try
        {
            await EnsureAsync(clubId, user, permission, ct);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }
}

/// <summary>Marks an endpoint as club-scoped; the authorisation matrix test reads it.</summary>
public sealed record ClubPermissionMetadata(ClubPermission Permission);

public static class ClubAccessEndpointExtensions
{
    /// <summary>Checks the caller's right in the club named by the route's {clubId} before the handler runs.</summary>
    public static RouteHandlerBuilder RequireClub(this RouteHandlerBuilder builder, ClubPermission permission) =>
        builder
            .WithMetadata(new ClubPermissionMetadata(permission))
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                if (!Guid.TryParse(http.GetRouteValue("clubId")?.ToString(), out var clubId))
                    throw new NotFoundException("The club");
                await http.RequestServices.GetRequiredService<ClubAccess>()
                    .EnsureAsync(clubId, http.User, permission, http.RequestAborted);
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
