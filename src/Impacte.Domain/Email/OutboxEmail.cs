using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Email;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// One email to send, written in the same transaction as the state it announces. The Worker's dispatcher
/// sends it; its <see cref="MessageId"/> is fixed at creation, so a retry is the same message, never a new one.
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>What this email is for, e.g. "invitation:{id}"; unique, so one event never yields two emails.</summary>
    public required string IdempotencyKey { get; set; }
    public required string MessageId { get; set; }
    /// <summary>The kind of email (invitation, password-reset…), for the operations view and metrics.</summary>
    public required string Kind { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    /// <summary>The member it is for, when it is for a member (not an invitation to an address).</summary>
    public Guid? RecipientId { get; set; }
    /// <summary>
    /// The bulk list it belongs to (digest, reading packs, reminders), which the dispatcher turns into RFC 8058
    /// List-Unsubscribe headers for <see cref="RecipientId"/>; null for transactional mail, which has none.
    /// </summary>
    public Preferences.EmailList? List { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public string? HtmlBody { get; set; }
    /// <summary>
    /// The secret in the bodies (an invitation or password-reset token, as it appears in the link), if any. Once the
    /// email is sent or has failed for good the dispatcher replaces it in both bodies and clears this, so the table
    /// never keeps a usable link.
    /// </summary>
    public string? Redact { get; set; }
    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    /// <summary>The SMTP server's reply or the connection error of the last failed attempt.</summary>
    public string? LastError { get; set; }
    /// <summary>Files sent with the email (a meeting's ICS invitation), kept in the row so a retry sends the same bytes.</summary>
    public List<OutboxAttachment> Attachments { get; set; } = [];
}

/// <summary>
/// A file sent with an email, stored as jsonb in its email's row: a text attachment (ICS and the like), or an image
/// shown inside the HTML part (a chaser's chart), which the HTML references as <c>cid:</c><see cref="ContentId"/>.
/// </summary>
public sealed class OutboxAttachment
{
    public required string FileName { get; set; }
    /// <summary>Full MIME type with parameters, e.g. "text/calendar; method=REQUEST; charset=utf-8".</summary>
    public required string ContentType { get; set; }
    /// <summary>The text itself; for an inline image (<see cref="ContentId"/> set), its bytes in base64.</summary>
    public required string Content { get; set; }
    /// <summary>Set on an inline image: the Content-ID the HTML part's <c>&lt;img src="cid:…"&gt;</c> names.</summary>
    public string? ContentId { get; set; }

    /// <summary>An image shown inside the HTML part as <c>cid:</c><paramref name="contentId"/>.</summary>
    public static OutboxAttachment Inline(string fileName, string contentType, byte[] bytes, string contentId) =>
        new() { FileName = fileName, ContentType = contentType, Content = Convert.ToBase64String(bytes), ContentId = contentId };
}

internal sealed class OutboxEmailConfiguration : IEntityTypeConfiguration<OutboxEmail>
{
    public void Configure(EntityTypeBuilder<OutboxEmail> b)
    {
        b.ToTable("email_outbox");
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.MessageId).HasMaxLength(200);
        b.Property(x => x.Kind).HasMaxLength(40);
        b.Property(x => x.ToAddress).HasMaxLength(254);
        b.Property(x => x.ToName).HasMaxLength(120);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.List).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(1000);
        b.HasIndex(x => x.IdempotencyKey).IsUnique();
        b.HasIndex(x => x.MessageId).IsUnique();
        // In the row itself: the dispatcher reads one row per email, no join.
        b.ComplexCollection(x => x.Attachments, a => a.ToJson("attachments"));
        // The dispatcher's claim query: pending rows that are due, oldest first.
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
    }
}
