using System.Security.Claims;
using Impacte.Api.Security;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Auth;

/// <summary>
/// Sign-in for API clients: short-lived bearer access tokens (5 minutes) and single-use refresh tokens from Identity's
/// bearer scheme. Each refresh token carries the id of its row in <c>refresh_tokens</c>; a refresh spends it and
/// hands out the next of its family, and a second use of a spent one revokes the family.
/// </summary>
public static class AuthApi
{
    /// <summary>The claim that names the refresh token (its row) a ticket belongs to.</summary>
    public const string RefreshTokenIdClaim = "impacte:refresh-token";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");
        var anonymous = group.MapGroup("").AllowAnonymous().RequireRateLimiting(RateLimiting.SignInPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        anonymous.MapPost("/login", Login).WithName(nameof(Login))
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchange an email and password for an access token (5 minutes) and a single-use refresh token.");
        anonymous.MapPost("/refresh", Refresh).WithName(nameof(Refresh))
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchange a refresh token for a new access token and a new refresh token; the old one stops working, and using it again revokes them all.");
        // Outside the anonymous group: signing out needs the token of whoever signs out.
        group.MapPost("/logout", Logout).WithName(nameof(Logout)).RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Sign out of the API: revokes every refresh token of the caller (access tokens run out within 5 minutes).");
        return group;
    }

    internal static async Task<Results<SignInHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, PasswordCheck check, SignInManager<User> signIn, RefreshTokens tokens, HttpResponse response)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email)) errors["email"] = ["Enter your email address."];
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Enter your password."];
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var result = await check.CheckAsync(request.Email!, request.Password!, "api");
        return result switch
        {
            { Outcome: PasswordCheckOutcome.Succeeded, User: { } user } =>
                TypedResults.SignIn(await PrincipalAsync(signIn, user, await tokens.IssueAsync(user.Id)), authenticationScheme: IdentityConstants.BearerScheme),
            { Outcome: PasswordCheckOutcome.Throttled } => Throttled(response),
            _ => TypedResults.Problem(title: "Sign-in failed", detail: PasswordCheck.FailureMessage, statusCode: StatusCodes.Status401Unauthorized),
        };
    }

    internal static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request, SignInManager<User> signIn, RefreshTokens tokens, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
            throw new DomainValidationException("refreshToken", "Enter the refresh token.");
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires ||
            !Guid.TryParse(ticket.Principal.FindFirstValue(RefreshTokenIdClaim), out var tokenId) ||
            await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user ||
            await signIn.UserManager.IsLockedOutAsync(user) ||
            await tokens.RotateAsync(tokenId, user.Id) is not { } next)
        {
            return TypedResults.Problem(title: "Refresh failed", detail: "The refresh token is not valid, was used already or has expired. Sign in again.",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        // A fresh principal: roles removed since the last refresh are gone from the new access token.
        return TypedResults.SignIn(await PrincipalAsync(signIn, user, next), authenticationScheme: IdentityConstants.BearerScheme);
    }

    internal static async Task<NoContent> Logout(ClaimsPrincipal user, RefreshTokens tokens, CancellationToken ct)
    {
        await tokens.RevokeAllAsync(user.Id(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(SignInManager<User> signIn, User user, RefreshToken token)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(RefreshTokenIdClaim, token.Id.ToString()));
        return principal;
    }

    private static ProblemHttpResult Throttled(HttpResponse response)
    {
        response.Headers.RetryAfter = "60";
        return TypedResults.Problem(title: "Too many requests", detail: AccountThrottle.Message, statusCode: StatusCodes.Status429TooManyRequests);
    }
}
