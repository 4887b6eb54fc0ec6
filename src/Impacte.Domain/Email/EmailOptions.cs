namespace Impacte.Domain.Email;

/// <summary>How IMPACTE's emails are addressed and linked (section "Email").</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string From { get; set; } = "impacte@example.org";
    public string FromName { get; set; } = "IMPACTE";
    public string? ReplyTo { get; set; }
    /// <summary>The right-hand side of every Message-ID we mint.</summary>
    public string MessageIdDomain { get; set; } = "impacte.local";
    /// <summary>The List-Id header of every email, so mail filters and auto-responders can recognise IMPACTE's.</summary>
    public string ListId { get; set; } = "IMPACTE notifications <notifications.impacte.local>";
    /// <summary>Where people open IMPACTE; links in emails start here.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}

/// <summary>The SMTP relay (section "Smtp"). Locally and in tests it is MailDev.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1025;
    /// <summary>TLS: STARTTLS (or TLS from the start on port 465) when true; see <see cref="SecureSocketOptions"/>.</summary>
    public bool EnableSsl { get; set; }
    /// <summary>
    /// MailKit's SecureSocketOptions by name (None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable), overriding
    /// <see cref="EnableSsl"/> when set.
    /// </summary>
    public string? SecureSocketOptions { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
    /// <summary>
    /// How long /health/ready waits for the relay's greeting and NOOP. Short enough for a load balancer's probe, long
    /// enough that a relay slowed by a burst of sending (3 s was not, on a busy machine) is not reported down.
    /// </summary>
    public int ReadinessTimeoutSeconds { get; set; } = 10;
}
