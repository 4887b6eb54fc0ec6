using System.Net.Sockets;
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
            await client.ConnectAsync(await NoDelaySocketAsync(smtp, ct), smtp.Host, smtp.Port, Security(smtp), ct);
            if (smtp.UserName is { Length: > 0 } user) await client.AuthenticateAsync(user, smtp.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A TCP connection with Nagle's algorithm off. MailKit leaves it on, and a message's last small segment then waits
    /// for the relay's delayed ACK (40 ms on Linux): 22 reading packs a second over one connection instead of about
    /// 1,000 (bench/README.md). MailKit owns the socket once connected.
    /// </summary>
    private static async Task<Socket> NoDelaySocketAsync(SmtpOptions smtp, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
            await socket.ConnectAsync(smtp.Host, smtp.Port, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
