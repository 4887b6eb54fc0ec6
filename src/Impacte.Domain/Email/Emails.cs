using Impacte.Domain.Common;

namespace Impacte.Domain.Email;

/// <summary>
/// Composes the account emails as outbox rows. Every piece of user text goes through the HTML encoder for the
/// HTML part; header values are checked for CR/LF so no user text can add a header.
/// </summary>
public sealed class Emails(EmailOptions options, TimeProvider clock)
{
    /// <summary>An invitation email's idempotency key is this and the invitation's id (admins' home looks for it).</summary>
    public const string InvitationKeyPrefix = "invitation:";

    /// <summary>To someone with an account already, the link asks them to sign in as usual: it never signs anyone in.</summary>
    public OutboxEmail Invitation(Guid invitationId, string toAddress, string toName, string clubName, string inviterName, string token, bool hasAccount = false) =>
        Compose(secret: Uri.EscapeDataString(token),
            key: InvitationKeyPrefix + invitationId,
            kind: "invitation",
            toAddress, toName,
            subject: $"You are invited to the {clubName} journal club on IMPACTE",
            intro: $"{inviterName} has invited you to join the {clubName} journal club on IMPACTE, where your practice turns clinical questions into evidence and evidence into practice.",
            action: hasAccount ? "Sign in to IMPACTE and accept the invitation" : "Accept the invitation and choose a password",
            link: $"{Base}/invitations/accept?token={Uri.EscapeDataString(token)}",
            outro: $"The link works once and expires in {(int)Clubs.Invitation.Lifetime.TotalDays} days. If you were not expecting this, you can ignore this email.");

    public OutboxEmail PasswordReset(Guid userId, string toAddress, string toName, string token) =>
        Compose(secret: Uri.EscapeDataString(token),
            key: $"password-reset:{userId}:{Guid.CreateVersion7()}",
            kind: "password-reset",
            toAddress, toName,
            subject: "Reset your IMPACTE password",
            intro: "Someone (we hope you) asked to reset the password of your IMPACTE account.",
            action: "Choose a new password",
            link: $"{Base}/account/reset-password?email={Uri.EscapeDataString(toAddress)}&token={Uri.EscapeDataString(token)}",
            outro: "The link works once and expires in 2 hours. If you did not ask for this, ignore this email: your password has not changed.");

    public OutboxEmail AddedToClub(Guid clubId, Guid userId, string toAddress, string toName, string clubName, string inviterName) =>
        Compose(secret: null,
            key: $"added-to-club:{clubId}:{userId}",
            kind: "added-to-club",
            toAddress, toName,
            subject: $"You have been added to the {clubName} journal club",
            intro: $"{inviterName} has added you to the {clubName} journal club on IMPACTE.",
            action: "Open IMPACTE",
            link: $"{Base}/",
            outro: "Sign in with your existing IMPACTE account.");

    private string Base => options.PublicBaseUrl.TrimEnd('/');

    /// <param name="secret">The part of the link that grants something (a token), redacted from the row once sent.</param>
    private OutboxEmail Compose(string? secret, string key, string kind, string toAddress, string toName, string subject,
        string intro, string action, string link, string outro)
    {
        var (text, html) = OutboxEmails.ActionBody(toName, intro, action, link, outro, heading: subject);
        var email = OutboxEmails.Create(options, clock, key, kind, toAddress, toName, subject, text, html);
        email.Redact = secret;
        return email;
    }
}

public static class HeaderText
{
    /// <summary>Refuses text that would end a header line: the way header injection starts.</summary>
    public static void EnsureSafe(string? value, string field)
    {
        if (value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new DomainValidationException(field, "Line breaks are not allowed here.");
    }
}
