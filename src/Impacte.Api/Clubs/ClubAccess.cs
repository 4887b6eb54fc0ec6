using System.Security.Claims;
using Impacte.Api.Auth;

namespace Impacte.Api.Clubs;

/// <summary>
/// The club rule (<see cref="AccessRules.ForClub"/>) for pages, with the actor built from the principal. Someone with
/// no business in a club gets 404, as if it did not exist (its existence is private too); someone who may see it but
/// not do this gets 403.
/// </summary>
public sealed class ClubAccess(ResourceAccess access, Actors actors)
{
    public async Task EnsureAsync(Guid clubId, ClaimsPrincipal user, ClubPermission permission, CancellationToken ct = default) =>
        await access.EnsureClubAsync(await actors.ForAsync(user, ct), clubId, permission, ct);

    public async Task<bool> AllowsAsync(Guid clubId, ClaimsPrincipal user, ClubPermission permission, CancellationToken ct = default) =>
        await access.AllowsClubAsync(await actors.ForAsync(user, ct), clubId, permission, ct);
}

/// <summary>Marks an endpoint as club-scoped; the authorisation matrix test reads it.</summary>
public sealed record ClubPermissionMetadata(ClubPermission Permission);

public static class ClubAccessEndpointExtensions
{
    /// <summary>Checks the caller's right in the club named by the route's {clubId} before the handler runs.</summary>
    public static RouteHandlerBuilder RequireClub(this RouteHandlerBuilder builder, ClubPermission permission) =>
        builder.WithMetadata(new ClubPermissionMetadata(permission))
            .Require("clubId", "The club", (access, actor, id, ct) => access.EnsureClubAsync(actor, id, permission, ct));
}
