using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Identity;

/// <summary>
/// The sign-in audit trail: who tried, when, from where, and whether it worked. Never the password, and never the
/// text typed as email when no account has it (often a password typed in the wrong box): then only its keyed hash.
/// </summary>
public sealed class SignInAttempt
{
    public const int HashLength = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>The account's own address, for attempts on an existing account only.</summary>
    public string? Email { get; set; }
    /// <summary>A keyed hash (HMAC-SHA256, hex) of the address as typed: counts attempts per address without keeping it.</summary>
    public required string EmailHash { get; set; }
    public Guid? UserId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public required string Channel { get; set; }
    public bool Succeeded { get; set; }
    public string? FailureReason { get; set; }
}

internal sealed class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> b)
    {
        b.Property(x => x.Email).HasMaxLength(256);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.Property(x => x.UserAgent).HasMaxLength(512);
        b.Property(x => x.Channel).HasMaxLength(16);
        b.Property(x => x.FailureReason).HasMaxLength(64);
        b.Property(x => x.EmailHash).HasMaxLength(SignInAttempt.HashLength);
        b.HasIndex(x => new { x.EmailHash, x.At });
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
