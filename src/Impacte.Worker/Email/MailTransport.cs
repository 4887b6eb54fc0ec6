using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Impacte.Domain.Email;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Email;

/// <summary>
/// One open connection to the relay. Synchronous on purpose: System.Net.Mail's SendMailAsync on the thread pool
/// did not scale across connections here, while Send on dedicated threads scaled linearly (see STACK.md, bench/).
/// </summary>
public interface IMailTransport : IDisposable
{
    /// <summary>Sends the email; throws <see cref="MailTransportException"/> saying whether a retry could help.</summary>
    void Send(OutboxEmail email);
}

/// <summary>Opens transports: the dispatcher asks for one per connection it sends over.</summary>
public interface IMailTransportFactory
{
    IMailTransport Open();
}

public sealed class MailTransportException(string message, bool permanent, bool connectionLost = false, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The server refused for good (5xx): retrying the same message will not help.</summary>
    public bool Permanent { get; } = permanent;
    /// <summary>The relay could not be reached or dropped us: the rest of the batch would fail the same way.</summary>
    public bool ConnectionLost { get; } = connectionLost;
}

public sealed class SmtpMailTransportFactory(IOptions<SmtpOptions> smtp, IOptions<EmailOptions> email) : IMailTransportFactory
{
    public IMailTransport Open() => new SmtpMailTransport(smtp.Value, email.Value);
}

/// <summary>
/// SMTP with System.Net.Mail (MailKit cannot be restored here). The client keeps its connection open across
/// messages; the Message-ID stored on the row is sent as is, so a retry is the same message.
/// </summary>
public sealed class SmtpMailTransport(SmtpOptions smtp, EmailOptions email) : IMailTransport
{
    private SmtpClient? client;

    public void Send(OutboxEmail row)
    {
        MailMessage message;
        try
        {
            message = Compose(row, email);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or Impacte.Domain.Common.DomainException)
        {
            // A bad address or header text: no server will ever take it, so it fails for good rather than loop.
            throw new MailTransportException($"Not sendable: {e.Message}", permanent: true, inner: e);
        }
        using (message)
        {
            try
            {
                Client.Send(message);
            }
            catch (SmtpException e)
            {
                // The connection may be half-closed after an error: the next message starts on a fresh one.
                Reset();
                var code = (int)e.StatusCode;
                var permanent = code is >= 500 and < 600;
                var lost = e.InnerException is IOException or System.Net.Sockets.SocketException || e.StatusCode == SmtpStatusCode.GeneralFailure;
                throw new MailTransportException($"{code} {Reply(e)}".Trim(), permanent, connectionLost: lost && !permanent, e);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                Reset();
                throw new MailTransportException(e.Message, permanent: false, connectionLost: true, e);
            }
        }
    }

    /// <summary>The server's own words when there are any (SmtpException wraps them in its message).</summary>
    private static string Reply(SmtpException e) =>
        e.InnerException is { } inner && inner is not IOException and not System.Net.Sockets.SocketException
            ? $"{e.Message} {inner.Message}" : e.Message;

    public static MailMessage Compose(OutboxEmail row, EmailOptions options)
    {
        // Header text from users is refused when written to the outbox; checked again here so no row can inject one.
        HeaderText.EnsureSafe(row.Subject, "subject");
        HeaderText.EnsureSafe(row.ToName, "toName");
        HeaderText.EnsureSafe(row.ToAddress, "toAddress");
        HeaderText.EnsureSafe(row.MessageId, "messageId");

        var message = new MailMessage
        {
            From = new MailAddress(options.From, options.FromName),
            Subject = row.Subject,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(row.ToAddress, row.ToName));
        if (options.ReplyTo is { Length: > 0 } replyTo) message.ReplyToList.Add(replyTo);
        message.Headers["Message-ID"] = row.MessageId;
        message.Headers["Auto-Submitted"] = "auto-generated";
        message.Headers["List-Id"] = options.ListId;
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(row.TextBody, Encoding.UTF8, MediaTypeNames.Text.Plain));
        if (row.HtmlBody is not null)
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(row.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        foreach (var file in row.Attachments)
        {
            var attachment = Attachment.CreateAttachmentFromString(file.Content, new ContentType(file.ContentType));
            attachment.Name = file.FileName;
            attachment.ContentDisposition!.FileName = file.FileName;
            message.Attachments.Add(attachment);
        }
        return message;
    }

    private SmtpClient Client => client ??= new SmtpClient(smtp.Host, smtp.Port)
    {
        EnableSsl = smtp.EnableSsl,
        Timeout = smtp.TimeoutSeconds * 1000,
        DeliveryMethod = SmtpDeliveryMethod.Network,
        Credentials = smtp.UserName is { Length: > 0 } ? new NetworkCredential(smtp.UserName, smtp.Password) : null,
    };

    private void Reset()
    {
        client?.Dispose();
        client = null;
    }

    public void Dispose() => Reset();
}
