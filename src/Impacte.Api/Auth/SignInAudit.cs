using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace Impacte.Api.Auth;

/// <summary>Writes the sign-in audit trail: who, when, from where, through which door, and the outcome.</summary>
public sealed class SignInAudit(ImpacteDbContext db, TimeProvider clock, IHttpContextAccessor http, ILogger<SignInAudit> log)
{
    public async Task RecordAsync(string email, User? user, SignInResult result, string channel)
    {
        var context = http.HttpContext;
        var reason = result.Succeeded ? null
            : result.IsLockedOut ? "locked-out"
            : result.IsNotAllowed ? "not-allowed"
            : user is null ? "unknown-account" : "wrong-password";
        db.SignInAttempts.Add(new SignInAttempt
        {
            Email = email.Length > 256 ? email[..256] : email,
            UserId = user?.Id,
            At = clock.UtcNowForDb(),
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 512)] : null,
            Channel = channel,
            Succeeded = result.Succeeded,
            FailureReason = reason,
        });
        await db.SaveChangesAsync();
        // Never the password or a token: the address and the outcome are enough to investigate.
        log.LogInformation("Sign-in {Outcome} for {Email} via {Channel}", reason ?? "succeeded", email, channel);
    }
}
