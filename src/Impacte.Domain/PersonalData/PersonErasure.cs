using System.Security.Cryptography;
using Impacte.Domain.Access;
using Impacte.Domain.Audit;
using Impacte.Domain.Common;
using Impacte.Domain.Cpd;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.PersonalData;

/// <summary>
/// Erasure (UK GDPR art. 17), by a network admin: the person can no longer sign in, their name, email and personal
/// writing (reflections) go, as do their preferences, sessions, sign-in attempts, invitations and every email still
/// addressed to them. What the network's clinical record needs (questions, appraisals, changes, measurements) stays,
/// attributed to <see cref="FormerMember"/>. The audit trail records that an erasure happened, not what was erased.
/// </summary>
public sealed class PersonErasure(ImpacteDbContext db, TimeProvider clock)
{
    public const string FormerMember = "A former member";

    /// <summary>
    /// Erases the person. <paramref name="confirmEmail"/> must repeat their email address: an erasure cannot be undone,
    /// so the admin types whom they mean.
    /// </summary>
    public async Task EraseAsync(Actor actor, Guid userId, string? confirmEmail, string? ip, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new NotFoundException("The page");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("The person");
        if (user.ErasedAt is not null) throw new ConflictException("This person has already been erased.");
        if (userId == actor.UserId) throw new ConflictException("You cannot erase your own account: ask another admin.");
        if (string.IsNullOrWhiteSpace(confirmEmail) || !string.Equals(confirmEmail.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
            throw new DomainValidationException("confirmEmail", "Type the person's email address exactly, to confirm whom you are erasing.");

        var now = clock.UtcNowForDb();
        var key = Bounces.Key(user.Email ?? "");
        // One transaction: the bulk deletes and the anonymised account commit together or not at all.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await EraseInAsync(user, key, actor, now, ip, ct);
            await tx.CommitAsync(ct);
        });
    }

    private async Task EraseInAsync(User user, string key, Actor actor, DateTimeOffset now, string? ip, CancellationToken ct)
    {
        var userId = user.Id;

        // Nothing left to sign in with: no password, locked out for good, new stamps (sessions end), tokens gone.
        var placeholder = $"erased-{user.Id:N}@erased.invalid";
        user.Name = FormerMember;
        user.Email = user.UserName = placeholder;
        user.NormalizedEmail = user.NormalizedUserName = placeholder.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.Profession = null;
        user.DeactivatedAt ??= now;
        user.ErasedAt = now;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.UnsubscribeKey = RandomNumberGenerator.GetBytes(32);

        await db.RefreshTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<IdentityUserToken<Guid>>().Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<IdentityUserLogin<Guid>>().Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<IdentityUserClaim<Guid>>().Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Set<IdentityUserRole<Guid>>().Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        // Personal writing and personal settings.
        await db.Set<MeetingReflection>().Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Preferences.Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
        // Every email to them, whatever its state, and what named their address.
        await db.Outbox.Where(o => o.RecipientId == userId || o.ToAddress.ToLower() == key).ExecuteDeleteAsync(ct);
        await db.SignInAttempts.Where(a => a.UserId == userId || a.Email != null && a.Email.ToLower() == key).ExecuteDeleteAsync(ct);
        await db.Invitations.Where(i => i.AcceptedUserId != userId && i.Email.ToLower() == key).ExecuteDeleteAsync(ct);
        await db.Invitations.Where(i => i.AcceptedUserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, placeholder).SetProperty(i => i.Name, FormerMember).SetProperty(i => i.Profession, (string?)null), ct);
        await db.EmailBounces.Where(b => b.Address == key).ExecuteDeleteAsync(ct);

        // That it happened, by whom and when; not the name or address erased.
        AuditTrail.Record(db, now, actor.UserId, "person.erased", "person", userId, null, null, ip);
        await db.SaveChangesAsync(ct);
    }
}
