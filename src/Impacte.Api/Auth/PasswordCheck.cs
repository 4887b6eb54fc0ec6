using Impacte.Api.Security;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Identity;

namespace Impacte.Api.Auth;

public enum PasswordCheckOutcome { Succeeded, Failed, Throttled }

public sealed record PasswordCheckResult(PasswordCheckOutcome Outcome, User? User);

/// <summary>
/// The one password check behind the sign-in page and POST /api/auth/login. It answers alike for an unknown address,
/// a wrong password and a locked account, in about the same time (a password hash is verified in every case), so
/// neither the words nor the clock tell who has an account.
/// </summary>
public sealed class PasswordCheck(SignInManager<User> signIn, SignInAudit audit, AccountThrottle throttle, DummyPasswordHash dummy)
{
    /// <summary>The only failure message, whatever failed (unknown address, wrong password, locked account).</summary>
    public const string FailureMessage =
        "The email address or password is not right. After 5 failed attempts an account is locked for 15 minutes; you can reset your password meanwhile.";

    public async Task<PasswordCheckResult> CheckAsync(string typedEmail, string password, string channel)
    {
        var email = EmailAddress.Normalise(typedEmail) ?? typedEmail.Trim();
        if (!throttle.TryAcquire(email)) return new(PasswordCheckOutcome.Throttled, null);

        var user = await signIn.UserManager.FindByEmailAsync(email);
        var result = user is null
            ? SignInResult.Failed
            : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        // Unknown and locked accounts verify no hash of their own: spend the same work on a dummy one.
        if (user is null || result.IsLockedOut) dummy.Verify(signIn.UserManager.PasswordHasher, password);
        await audit.RecordAsync(email, user, result, channel);
        return new(result.Succeeded ? PasswordCheckOutcome.Succeeded : PasswordCheckOutcome.Failed, result.Succeeded ? user : null);
    }
}

/// <summary>A password hash made once per process with the app's own hasher settings, to verify against in vain.</summary>
public sealed class DummyPasswordHash
{
    private static readonly User Nobody = new() { Name = "nobody" };
    private string? hash;

    public void Verify(IPasswordHasher<User> hasher, string password)
    {
        hash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
