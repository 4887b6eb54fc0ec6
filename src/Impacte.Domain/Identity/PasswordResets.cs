using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Microsoft.AspNetCore.Identity;

namespace Impacte.Domain.Identity;

/// <summary>Forgot-password: a reset link by email, then a new password.</summary>
public sealed class PasswordResets(ImpacteDbContext db, UserManager<User> users, Emails emails)
{
    /// <summary>
    /// Queues a reset email when the address belongs to an account that may be mailed (not deactivated or erased:
    /// <see cref="MailRule"/>); says nothing either way, so nobody can probe for accounts.
    /// </summary>
    public async Task RequestAsync(string? email, CancellationToken ct = default)
    {
        var normalised = EmailAddress.Normalise(email);
        if (normalised is null) return;
        var user = await users.FindByEmailAsync(normalised);
        if (user is null || !MailRule.MayMail(user)) return;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        db.Outbox.Add(emails.PasswordReset(user.Id, user.Email!, user.Name, token));
        await db.SaveChangesAsync(ct);
    }

    public async Task<IdentityResult> ResetAsync(string? email, string token, string password)
    {
        var user = EmailAddress.Normalise(email) is { } e ? await users.FindByEmailAsync(e) : null;
        if (user is null)
            return IdentityResult.Failed(new IdentityError { Code = "InvalidToken", Description = "This reset link is not valid. Ask for a new one." });
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded) await users.ResetAccessFailedCountAsync(user);
        return result;
    }
}
