using System.Net.Sockets;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Impacte.Worker.Email;

/// <summary>One connection to the relay, opened on first use and kept open across messages until closed.</summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <summary>
    /// Sends the email, with RFC 8058 one-click unsubscribe headers when <paramref name="unsubscribeUrl"/> is given;
    /// throws <see cref="MailTransportException"/> saying whether a retry could help.
    /// </summary>
    Task SendAsync(OutboxEmail email, string? unsubscribeUrl, CancellationToken ct);

    /// <summary>Says QUIT and closes the connection (when the outbox has nothing more); the next send reopens it.</summary>
    Task CloseAsync();
}

/// <summary>Opens transports: the dispatcher asks for one per connection (lane) it sends over.</summary>
public interface IMailTransportFactory
{
    IMailTransport Open();
}

public sealed class MailTransportException(string message, bool permanent, bool connectionLost = false, Exception? inner = null, bool bounce = false)
    : Exception(message, inner)
{
    /// <summary>The relay refused the recipient or the message for good (5xx): it counts towards the address being undeliverable.</summary>
    public bool Bounce { get; } = bounce;
    /// <summary>The server refused for good (5xx) or the email can never be sent: retrying will not help.</summary>
    public bool Permanent { get; } = permanent;
    /// <summary>The relay could not be reached or dropped us: the rest of the batch would fail the same way.</summary>
    public bool ConnectionLost { get; } = connectionLost;
}

public sealed class SmtpMailTransportFactory(IOptions<SmtpOptions> smtp, IOptions<EmailOptions> email) : IMailTransportFactory
{
    public IMailTransport Open() => new SmtpMailTransport(smtp.Value, email.Value);
}

/// <summary>
/// SMTP with MailKit over one connection kept open across messages. The Message-ID stored on the row is sent as is,
/// so a retry is the same message. 4xx and a lost connection are temporary, 5xx permanent.
/// </summary>
public sealed class SmtpMailTransport(SmtpOptions smtp, EmailOptions email) : IMailTransport
{
    private SmtpClient? client;

    public async Task SendAsync(OutboxEmail row, string? unsubscribeUrl, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = MailComposer.Compose(row, email, unsubscribeUrl);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or ParseException or DomainException)
        {
            // A bad address or header text: no server will ever take it, so it fails for good rather than loop.
            throw new MailTransportException($"Not sendable: {e.Message}", permanent: true, inner: e);
        }

        try
        {
            var connected = await ConnectedAsync(ct);
            await connected.SendAsync(message, ct);
        }
        catch (SmtpCommandException e)
        {
            // The server answered: the session stays usable for the next message (MailKit resets it), unless it hung up.
            var code = (int)e.StatusCode;
            if (client is { IsConnected: false }) await ResetAsync();
            var permanent = code is >= 500 and < 600;
            // Our own sender refused is not the recipient's address failing.
            throw new MailTransportException($"{code} {e.Message}".Trim(), permanent, inner: e,
                bounce: permanent && e.ErrorCode != SmtpErrorCode.SenderNotAccepted);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException
                                      or SslHandshakeException or AuthenticationException or OperationCanceledException
                                      or TimeoutException or InvalidOperationException)
        {
            await ResetAsync();
            if (e is OperationCanceledException && ct.IsCancellationRequested) throw;
            throw new MailTransportException(e.Message, permanent: false, connectionLost: true, e);
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken ct)
    {
        if (client is { IsConnected: true }) return client;
        await ResetAsync();
        return client = await SmtpConnection.OpenAsync(smtp, ct);
    }

    public async Task CloseAsync()
    {
        if (client is { IsConnected: true } open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await open.DisconnectAsync(quit: true, timeout.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or SmtpProtocolException
                                          or SmtpCommandException or ServiceNotConnectedException)
            {
                // Already gone: nothing to say goodbye to.
            }
        }
        await ResetAsync();
    }

    private Task ResetAsync()
    {
        client?.Dispose();
        client = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}

/// <summary>
/// Builds the MIME message of an outbox row with MimeKit: text and HTML as multipart/alternative; a calendar
/// attachment also as a third alternative (text/calendar; method=…), which is what Outlook and Gmail read as an
/// invitation with Accept/Decline buttons, and as an .ics attachment for every other client (Gmail's own layout).
/// </summary>
public static class MailComposer
{
    /// <param name="unsubscribeUrl">
    /// For a bulk email to a member: the HTTPS link a mail provider POSTs "List-Unsubscribe=One-Click" to (RFC 8058).
    /// </param>
    public static MimeMessage Compose(OutboxEmail row, EmailOptions options, string? unsubscribeUrl = null)
    {
        // Header text from users is refused when written to the outbox; checked again here so no row can inject one.
        HeaderText.EnsureSafe(row.Subject, "subject");
        HeaderText.EnsureSafe(row.ToName, "toName");
        HeaderText.EnsureSafe(row.ToAddress, "toAddress");
        HeaderText.EnsureSafe(row.MessageId, "messageId");

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(options.FromName, options.From));
        message.To.Add(new MailboxAddress(row.ToName ?? "", row.ToAddress));
        if (options.ReplyTo is { Length: > 0 } replyTo) message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        message.Subject = row.Subject;
        message.MessageId = row.MessageId.Trim().TrimStart('<').TrimEnd('>');
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("List-Id", options.ListId);
        if (unsubscribeUrl is not null)
        {
            HeaderText.EnsureSafe(unsubscribeUrl, "unsubscribeUrl");
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var alternative = new MultipartAlternative { Text("plain", row.TextBody) };
        // Inline images go with the HTML that shows them: multipart/related (the HTML first, then each image by Content-ID).
        var inline = row.Attachments.Where(a => a.ContentId is not null).ToList();
        if (row.HtmlBody is not null && inline.Count > 0)
        {
            var related = new MultipartRelated { Text("html", row.HtmlBody) };
            foreach (var image in inline) related.Add(InlineImage(image));
            alternative.Add(related);
        }
        else if (row.HtmlBody is not null) alternative.Add(Text("html", row.HtmlBody));
        var attachments = new List<MimeEntity>();
        foreach (var file in row.Attachments.Where(a => a.ContentId is null))
        {
            var type = ContentType.Parse(file.ContentType);
            if (type.IsMimeType("text", "calendar"))
            {
                var calendar = new TextPart("calendar");
                calendar.SetText("utf-8", file.Content);
                // method=REQUEST (or CANCEL) on the part itself is what mail clients key the invitation on.
                if (type.Parameters.TryGetValue("method", out string? method)) calendar.ContentType.Parameters["method"] = method;
                alternative.Add(calendar);
                attachments.Add(Attachment(new ContentType("application", "ics"), file));
            }
            else
            {
                attachments.Add(Attachment(type, file));
            }
        }

        if (attachments.Count == 0)
        {
            message.Body = alternative.Count == 1 ? alternative[0] : alternative;
            return message;
        }
        var mixed = new Multipart("mixed") { alternative };
        foreach (var attachment in attachments) mixed.Add(attachment);
        message.Body = mixed;
        return message;
    }

    private static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype);
        part.SetText("utf-8", text);
        return part;
    }

    private static MimePart InlineImage(Domain.Email.OutboxAttachment file)
    {
        var type = ContentType.Parse(file.ContentType);
        HeaderText.EnsureSafe(file.ContentId, "contentId");
        return new MimePart(type.MediaType, type.MediaSubtype)
        {
            Content = new MimeContent(new MemoryStream(Convert.FromBase64String(file.Content))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Inline) { FileName = file.FileName },
            ContentTransferEncoding = ContentEncoding.Base64,
            ContentId = file.ContentId,
        };
    }

    private static MimePart Attachment(ContentType type, Domain.Email.OutboxAttachment file)
    {
        var part = new MimePart(type.MediaType, type.MediaSubtype)
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file.Content))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = file.FileName },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        foreach (var parameter in type.Parameters) part.ContentType.Parameters[parameter.Name] = parameter.Value;
        part.ContentType.Name = file.FileName;
        return part;
    }
}
