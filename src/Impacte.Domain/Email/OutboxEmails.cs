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
    /// The plain one-action letter (greeting, what happened, one link, what next) as text and as HTML in the one
    /// <see cref="EmailLayout"/>, every piece encoded: the account emails, evidence-drift notices and the notices that
    /// close the loop (a question accepted, an appraisal returned) are all this shape. <paramref name="facts"/> come
    /// first (what changed, the reason); <paramref name="heading"/> defaults to the action.
    /// </summary>
    public static (string Text, string Html) ActionBody(string toName, string intro, string action, string link, string outro,
        string? heading = null, IReadOnlyList<(string Label, string Value)>? facts = null, string? subject = null)
    {
        facts ??= [];
        var text = $"{EmailLayout.TextFacts(facts)}{(facts.Count > 0 ? "\n" : "")}" +
            $"Dear {toName},\n\n{intro}\n\n{action}:\n{link}\n\n{outro}\n\n-- \nIMPACTE, evidence into practice\n";
        var body = EmailLayout.Paragraphs($"Dear {toName},", intro) + EmailLayout.Buttons([new EmailButton(action, link)]) + EmailLayout.Paragraphs(outro);
        var html = EmailLayout.Html(subject ?? heading ?? action, heading ?? action, facts, body);
        return (text, html);
    }
}
