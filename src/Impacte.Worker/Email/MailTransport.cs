using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using Impacte.Domain.Email;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Email;

/// <summary>How an outbox row leaves the building. One small seam, so the dispatcher does not know SMTP's details.</summary>
public interface IMailTransport
{
    /// <summary>Sends the email; throws <see cref="MailTransportException"/> saying whether a retry could help.</summary>
    Task SendAsync(OutboxEmail email, CancellationToken ct);
}

public sealed class MailTransportException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The server refused for good (5xx): retrying the same message will not help.</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// SMTP with System.Net.Mail (MailKit cannot be restored here). One client per dispatcher run keeps its connection
/// open across messages; the Message-ID stored on the row is sent as is, so a retry is the same message.
/// </summary>
public sealed class SmtpMailTransport(IOptions<SmtpOptions> smtp, IOptions<EmailOptions> email) : IMailTransport, IDisposable
{
    private SmtpClient? client;

    public async Task SendAsync(OutboxEmail row, CancellationToken ct)
    {
        using var message = Compose(row, email.Value);
        try
        {
            await Client.SendMailAsync(message, ct);
        }
        catch (SmtpException e)
        {
            // The connection may be half-closed after an error: start the next message on a fresh one.
            client?.Dispose();
            client = null;
            var code = (int)e.StatusCode;
            var permanent = code is >= 500 and < 600;
            throw new MailTransportException($"{code} {e.Message}".Trim(), permanent, e);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            client?.Dispose();
            client = null;
            throw new MailTransportException(e.Message, permanent: false, e);
        }
    }

    internal static MailMessage Compose(OutboxEmail row, EmailOptions options)
    {
        var message = new MailMessage
        {
            From = new MailAddress(options.From, options.FromName),
            Subject = row.Subject,
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
            HeadersEncoding = System.Text.Encoding.UTF8,
        };
        message.To.Add(new MailAddress(row.ToAddress, row.ToName));
        if (options.ReplyTo is { Length: > 0 } replyTo) message.ReplyToList.Add(replyTo);
        message.Headers["Message-ID"] = row.MessageId;
        message.Headers["Auto-Submitted"] = "auto-generated";
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(row.TextBody, System.Text.Encoding.UTF8, MediaTypeNames.Text.Plain));
        if (row.HtmlBody is not null)
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(row.HtmlBody, System.Text.Encoding.UTF8, MediaTypeNames.Text.Html));
        return message;
    }

    private SmtpClient Client => client ??= CreateClient(smtp.Value);

    private static SmtpClient CreateClient(SmtpOptions o) => new(o.Host, o.Port)
    {
        EnableSsl = o.EnableSsl,
        Timeout = o.TimeoutSeconds * 1000,
        DeliveryMethod = SmtpDeliveryMethod.Network,
        Credentials = o.UserName is { Length: > 0 } ? new NetworkCredential(o.UserName, o.Password) : null,
    };

    public void Dispose() => client?.Dispose();
}
