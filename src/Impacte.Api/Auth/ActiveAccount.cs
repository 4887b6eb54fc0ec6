using System.Security.Claims;
using Impacte.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Auth;

/// <summary>
/// A bearer token is good only while its account is active and its security stamp current: deactivating an account
/// (or anything else that changes the stamp) stops the access tokens it already holds at once, not when they expire.
/// Cookies get the same check from Identity's security-stamp validator, run on every request (see AuthSetup).
/// </summary>
public sealed class ActiveAccountRequirement : IAuthorizationRequirement;

public sealed class ActiveAccountHandler(ImpacteDbContext db, IOptions<IdentityOptions> identity) : AuthorizationHandler<ActiveAccountRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveAccountRequirement requirement)
    {
        var stamp = context.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        if (!Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) || stamp is null) return;
        // Per request on purpose: one primary-key lookup, measured (pgbench, same run) at about the cost of the
        // memberships read every request already makes for its Actor (bench/README.md, "Account check per request").
        // A cache would save that one round trip but let a deactivated account's tokens work on until it expires,
        // on every Api instance that had cached it; checked here, deactivation stops them at the next request.
        var active = await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.SecurityStamp == stamp && u.DeactivatedAt == null);
        if (active) context.Succeed(requirement);
    }
}

/// <summary>A token refused by <see cref="ActiveAccountRequirement"/> is no sign-in at all: 401, not 403.</summary>
public sealed class ActiveAccountResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ActiveAccountRequirement>().Any() == true)
            return context.ChallengeAsync(IdentityConstants.BearerScheme);
        return inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
