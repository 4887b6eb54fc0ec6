using System.Security.Cryptography;
using System.Text;

namespace Impacte.Domain.Clubs;

/// <summary>
/// A single-use, expiring invitation to join a club. Only the SHA-256 of its token is stored, so a copy
/// of the database cannot be used to accept invitations.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ClubId { get; set; }
    public required string Email { get; set; }
    public required string Name { get; set; }
    public string? Profession { get; set; }
    public ClubRole Role { get; set; }
    public bool IsPublicRepresentative { get; set; }
    public required string TokenHash { get; set; }
    public Guid InvitedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedUserId { get; set; }
    /// <summary>Set when a lead withdraws it or a newer invitation to the same email and club replaces it.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public Club Club { get; set; } = null!;

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
