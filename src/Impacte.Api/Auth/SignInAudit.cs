using System.Security.Cryptography;
using System.Text;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Auth;

public sealed class SignInAuditOptions
{
    public const string Section = "SignInAudit";

    /// <summary>
    /// The secret of the keyed hash kept instead of an address that has no account. Set it (the same on every Api
    /// instance) to count attempts on one unknown address across instances and restarts; unset, each process
    /// makes a random one, which still never lets the text be read back.
    /// </summary>
    public string? EmailHashKey { get; set; }
}

/// <summary>HMAC-SHA256 of what was typed as email: attempts on one address can be counted, the address not read.</summary>
public sealed class EmailHasher
{
    private readonly byte[] key;

    public EmailHasher(IConfiguration configuration)
    {
        var configured = configuration.GetSection(SignInAuditOptions.Section).Get<SignInAuditOptions>()?.EmailHashKey;
        key = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(configured);
    }

    public string Hash(string typed) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(typed.Trim().ToLowerInvariant())));
}

/// <summary>
/// Writes the sign-in audit trail: who, when, from where, through which door, and the outcome. An attempt on an
/// existing account is recorded with that account; for an address no account has, only a keyed hash of the text
/// is kept or logged (people type passwords into the email box).
/// </summary>
public sealed class SignInAudit(ImpacteDbContext db, TimeProvider clock, IHttpContextAccessor http, EmailHasher hasher, ILogger<SignInAudit> log)
{
    public async Task RecordAsync(string typedEmail, User? user, SignInResult result, string channel)
    {
        var context = http.HttpContext;
        var reason = result.Succeeded ? null
            : result.IsLockedOut ? "locked-out"
            : result.IsNotAllowed ? "not-allowed"
            : user is null ? "unknown-account" : "wrong-password";
        var hash = hasher.Hash(typedEmail);
        db.SignInAttempts.Add(new SignInAttempt
        {
            Email = user?.Email,
            EmailHash = hash,
            UserId = user?.Id,
            At = clock.UtcNowForDb(),
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, 512)] : null,
            Channel = channel,
            Succeeded = result.Succeeded,
            FailureReason = reason,
        });
        // An admin's sign-in is a privileged act: it goes in the audit trail too (the sign-in log is pruned, the trail is not).
        if (result.Succeeded && user is not null && await IsAdminAsync(user.Id))
            Domain.Audit.AuditTrail.Record(db, clock.UtcNowForDb(), user.Id, "admin.signed-in", "person", user.Id, null, channel,
                context?.Connection.RemoteIpAddress?.ToString());
        await db.SaveChangesAsync();
        // Never the password, a token, or an address that has no account.
        if (user is null)
            log.LogInformation("Sign-in {Outcome} for an unknown address (hash {EmailHash}) via {Channel}", reason, hash, channel);
        else
            log.LogInformation("Sign-in {Outcome} for user {UserId} via {Channel}", reason ?? "succeeded", user.Id, channel);
    }

    private Task<bool> IsAdminAsync(Guid userId)
    {
        var admin = NetworkRoles.Admin.ToUpperInvariant();
        return db.UserRoles.AnyAsync(r => r.UserId == userId && db.Roles.Any(x => x.Id == r.RoleId && x.NormalizedName == admin));
    }
}
