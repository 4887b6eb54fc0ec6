using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Email;

/// <summary>
/// Permanent refusals (5xx) the relay gave for one address, in a row. At <see cref="Bounces.Threshold"/> the address
/// is undeliverable: it gets nothing but transactional mail (invitations, password resets) until a success, a new
/// address (the row is per address, so a member's new email starts clean) or a lead or admin clearing it.
/// </summary>
public sealed class EmailBounce
{
    /// <summary>Lower-cased, as <see cref="Common.EmailAddress.Normalise"/> writes addresses.</summary>
    public required string Address { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? UndeliverableSince { get; set; }
    /// <summary>The relay's last refusal, which the lead sees.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class Bounces
{
    public const int Threshold = 3;

    /// <summary>What an undeliverable address still gets: mail a person asked for and cannot do without.</summary>
    public static bool IsTransactional(string kind) => kind is "invitation" or "password-reset";

    public static string Key(string address) => address.Trim().ToLowerInvariant();

    /// <summary>One more permanent refusal for the address; the third in a row marks it undeliverable. In the caller's transaction.</summary>
    public static Task RecordFailureAsync(ImpacteDbContext db, string address, string? error, DateTimeOffset now, CancellationToken ct)
    {
        var reply = error is { Length: > 500 } ? error[..500] : error;
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO email_bounces (address, consecutive_failures, undeliverable_since, last_error, updated_at)
            VALUES ({Key(address)}, 1, NULL, {reply ?? ""}, {now})
            ON CONFLICT (address) DO UPDATE SET
                consecutive_failures = email_bounces.consecutive_failures + 1,
                undeliverable_since = CASE WHEN email_bounces.consecutive_failures + 1 >= {Threshold}
                    THEN coalesce(email_bounces.undeliverable_since, {now}) ELSE email_bounces.undeliverable_since END,
                last_error = excluded.last_error,
                updated_at = excluded.updated_at
            """, ct);
    }

    /// <summary>The relay took an email for the address: the count starts again, and the mark goes.</summary>
    public static Task ClearAsync(ImpacteDbContext db, string address, CancellationToken ct) =>
        db.Set<EmailBounce>().Where(b => b.Address == Key(address)).ExecuteDeleteAsync(ct);
}

internal sealed class EmailBounceConfiguration : IEntityTypeConfiguration<EmailBounce>
{
    public void Configure(EntityTypeBuilder<EmailBounce> b)
    {
        b.ToTable("email_bounces");
        b.HasKey(x => x.Address);
        b.Property(x => x.Address).HasMaxLength(254);
        b.Property(x => x.LastError).HasMaxLength(500);
    }
}
