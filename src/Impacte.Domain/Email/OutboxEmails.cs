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

    /// <summary>
    /// The plain one-action letter (greeting, what happened, one link, what next) as text and as HTML with every piece
    /// encoded: the account emails and the evidence-drift notices are all this shape.
    /// </summary>
    public static (string Text, string Html) ActionBody(string toName, string intro, string action, string link, string outro)
    {
        var html = System.Text.Encodings.Web.HtmlEncoder.Default;
        return ($"Dear {toName},\n\n{intro}\n\n{action}:\n{link}\n\n{outro}\n\n-- \nIMPACTE, evidence into practice\n",
            $"""
            <!DOCTYPE html>
            <html lang="en"><body style="font-family: Arial, sans-serif; color: #212b32; line-height: 1.5">
            <p>Dear {html.Encode(toName)},</p>
            <p>{html.Encode(intro)}</p>
            <p><a href="{html.Encode(link)}" style="color: #005eb8; font-weight: bold">{html.Encode(action)}</a></p>
            <p>{html.Encode(outro)}</p>
            <p style="color: #4c6272">IMPACTE, evidence into practice</p>
            </body></html>
            """);
    }
}
