using MailKit.Net.Smtp;
using MailKit.Security;

namespace Impacte.Domain.Email;

/// <summary>How IMPACTE connects to its relay (MailKit): the Worker's sending lanes and the Api's readiness check alike.</summary>
public static class SmtpConnection
{
    /// <summary>TLS as configured: Smtp:SecureSocketOptions when given, else EnableSsl (TLS on 465, STARTTLS elsewhere) or none.</summary>
    public static SecureSocketOptions Security(SmtpOptions smtp) =>
        smtp.SecureSocketOptions is { Length: > 0 } named ? Enum.Parse<SecureSocketOptions>(named, ignoreCase: true)
        : !smtp.EnableSsl ? SecureSocketOptions.None
        : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
        : SecureSocketOptions.StartTls;

    /// <summary>Connects, with TLS as configured, and authenticates when a user name is configured.</summary>
    public static async Task<SmtpClient> OpenAsync(SmtpOptions smtp, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp), ct);
            if (smtp.UserName is { Length: > 0 } user) await client.AuthenticateAsync(user, smtp.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
