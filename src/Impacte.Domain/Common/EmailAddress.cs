using MimeKit;

namespace Impacte.Domain.Common;

public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// The address lower-cased and trimmed when it is a plain mailbox (no display name, no CR/LF, a dotted domain);
    /// null otherwise. Lower-casing makes "Jo@Practice.nhs.uk" and "jo@practice.nhs.uk" one person.
    /// </summary>
    public static string? Normalise(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxLength) return null;
        if (trimmed.AsSpan().IndexOfAny("\r\n <>,;\"") >= 0) return null;
        if (!MailboxAddress.TryParse(trimmed, out var address) || address.Address != trimmed || address.Route.Count > 0) return null;
        var domain = address.Domain;
        if (!domain.Contains('.') || domain.StartsWith('.') || domain.EndsWith('.')) return null;
        return trimmed.ToLowerInvariant();
    }
}
