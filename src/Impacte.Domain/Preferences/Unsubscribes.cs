using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Preferences;

/// <summary>Whom a valid unsubscribe link stands for, and from what.</summary>
public sealed record UnsubscribeTarget(Guid UserId, string Name, EmailList List);

/// <summary>
/// One-click unsubscribe (RFC 8058): a signed link leaves one member's one list, without signing in. Checking a link
/// changes nothing (mail scanners open links); leaving is a POST, and doing it twice is the same as once.
/// </summary>
public sealed class Unsubscribes(ImpacteDbContext db, TimeProvider clock)
{
    /// <summary>The member and list behind the link, or null when it is malformed, forged or the member is gone.</summary>
    public async Task<UnsubscribeTarget?> CheckAsync(string? token, CancellationToken ct = default)
    {
        if (!UnsubscribeTokens.TryRead(token, out var userId, out var list)) return null;
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.Name, u.UnsubscribeKey }).FirstOrDefaultAsync(ct);
        return user is not null && UnsubscribeTokens.IsValid(token!, user.UnsubscribeKey) ? new UnsubscribeTarget(userId, user.Name, list) : null;
    }

    /// <summary>Turns that list off for that member (and nothing else); null when the link is not valid.</summary>
    public async Task<UnsubscribeTarget?> UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        if (await CheckAsync(token, ct) is not { } target) return null;
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var preferences = await db.Preferences.ForAsync(target.UserId, ct);
            switch (target.List)
            {
                case EmailList.Digest: preferences.DigestFrequency = DigestFrequency.Off; break;
                case EmailList.ReadingPacks: preferences.ReadingPacks = EmailDelivery.Off; break;
                default: preferences.Reminders = EmailDelivery.Off; break;
            }
            preferences.UpdatedAt = clock.UtcNowForDb();
            try
            {
                await db.SaveChangesAsync(ct);
                return target;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // The member saved their preferences (or clicked twice) at that very moment: read again and apply.
            }
        }
    }
}
