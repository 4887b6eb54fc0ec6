using Impacte.Api.Http;
using Impacte.Api.Security;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Auth;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Sign-in for API clients: bearer access tokens and refresh tokens from Identity's bearer scheme.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimiting.SignInPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/login", Login).WithName(nameof(Login))
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchange an email and password for an access token and a refresh token.");
        group.MapPost("/refresh", Refresh).WithName(nameof(Refresh))
            .Produces<AccessTokenResponse>()
            .WithSummary("Exchange a refresh token for a new access token.");
        return group;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<User> signIn, SignInAudit audit)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email)) errors["email"] = ["Enter your email address."];
        if (string.IsNullOrEmpty(request.Password)) errors["password"] = ["Enter your password."];
        if (errors.Count > 0) throw new DomainValidationException(errors);

        var email = EmailAddress.Normalise(request.Email) ?? request.Email!.Trim();
        var user = await signIn.UserManager.FindByEmailAsync(email);
        // The bearer scheme writes {tokenType, accessToken, expiresIn, refreshToken} itself on success.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = user is null
            ? SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, request.Password!, isPersistent: false, lockoutOnFailure: true);
        await audit.RecordAsync(email, user, result, "api");

        if (result.Succeeded) return TypedResults.Empty;
        return TypedResults.Problem(
            title: "Sign-in failed",
            detail: result.IsLockedOut
                ? "Too many failed attempts: this account is locked for 15 minutes."
                : "The email address or password is not right.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    internal static async Task<Results<SignInHttpResult, ProblemHttpResult>> Refresh(
        RefreshRequest request, SignInManager<User> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
            throw new DomainValidationException("refreshToken", "Enter the refresh token.");
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires ||
            await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user ||
            await signIn.UserManager.IsLockedOutAsync(user))
        {
            return TypedResults.Problem(title: "Refresh failed", detail: "The refresh token is not valid or has expired. Sign in again.",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
