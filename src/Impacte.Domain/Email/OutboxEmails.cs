using Impacte.Domain.Common;
using Impacte.Domain.Preferences;

namespace Impacte.Domain.Email;

/// <summary>
/// The one way composers make an outbox row: a fresh id, the Message-ID minted from it (fixed for every retry), the
/// idempotency key and kind, the recipient (and, for a member, who they are and which bulk list it belongs to), and
/// the times. Header text is checked here, so no composer can forget it.
/// </summary>
public static class OutboxEmails
{
    public static OutboxEmail Create(EmailOptions options, TimeProvider clock, string key, string kind,
        string toAddress, string? toName, string subject, string textBody, string? htmlBody,
        Guid? recipientId = null, EmailList? list = null)
    {
        HeaderText.EnsureSafe(subject, nameof(subject));
        HeaderText.EnsureSafe(toName, "toName");
        var id = Guid.CreateVersion7();
        var now = clock.UtcNowForDb();
        return new OutboxEmail
        {
            Id = id,
            IdempotencyKey = key,
            MessageId = $"<{id}@{options.MessageIdDomain}>",
            Kind = kind,
            ToAddress = toAddress,
            ToName = toName,
            RecipientId = recipientId,
            List = list,
            Subject = subject,
            TextBody = textBody,
            HtmlBody = htmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }
}
