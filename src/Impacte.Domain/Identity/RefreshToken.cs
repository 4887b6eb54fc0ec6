using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Identity;

/// <summary>
/// One API refresh token, by id (the token itself is a data-protected ticket carrying this id). Tokens are single-use:
/// each refresh spends one and issues the next of the same family (one sign-in = one family), so a stolen token that
/// is replayed shows up as a second use, and then the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FamilyId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.HasIndex(x => x.FamilyId);
        b.HasIndex(x => x.UserId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Issues, rotates and revokes refresh tokens.</summary>
public sealed class RefreshTokens(ImpacteDbContext db, TimeProvider clock)
{
    /// <summary>The first token of a new family (a sign-in), or the next one of <paramref name="familyId"/>.</summary>
    public async Task<RefreshToken> IssueAsync(Guid userId, Guid? familyId = null, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        // Expired rows can no longer be used nor replayed: keep the table to what is still live.
        await db.RefreshTokens.Where(t => t.UserId == userId && t.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var token = new RefreshToken { UserId = userId, CreatedAt = now, ExpiresAt = now + RefreshToken.Lifetime };
        token.FamilyId = familyId ?? token.Id;
        db.RefreshTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>
    /// Spends the token and returns the next one of its family; null when it is unknown, expired, revoked or already
    /// spent. A second use of a spent token revokes its whole family: someone else holds a copy.
    /// </summary>
    public async Task<RefreshToken?> RotateAsync(Guid tokenId, Guid userId, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        var token = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null) return null;
        // One statement, so of two concurrent uses exactly one wins and the other counts as reuse.
        var spent = await db.RefreshTokens
            .Where(t => t.Id == tokenId && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        if (spent == 1) return await IssueAsync(userId, token.FamilyId, ct);
        if (token.UsedAt is not null || token.RevokedAt is null && token.ExpiresAt > now)
            await db.RefreshTokens.Where(t => t.FamilyId == token.FamilyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        return null;
    }

    /// <summary>Revokes every refresh token the person holds (signing out of the API).</summary>
    public Task<int> RevokeAllAsync(Guid userId, CancellationToken ct = default)
    {
        var now = clock.UtcNowForDb();
        return db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }
}
