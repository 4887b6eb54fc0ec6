using System.Text.RegularExpressions;
using Impacte.Domain.Common;

namespace Impacte.Domain.Clubs;

/// <summary>What makes a club's details valid, shared by the API, the pages and the seeds.</summary>
public static partial class ClubRules
{
    public const int MaxName = 120;

    public static string ValidName(string? name, IDictionary<string, string[]> errors, string field = "name")
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) errors[field] = ["Enter the club's name."];
        else if (trimmed.Length > MaxName) errors[field] = [$"The name must be {MaxName} characters or fewer."];
        // The club's name is in the subject of every email its members get: one line, nothing invisible.
        else UserText.Check(trimmed, field, errors, TextKind.Line);
        return trimmed;
    }

    /// <summary>GP practice ODS codes are a letter followed by five digits (e.g. K82001).</summary>
    public static string ValidOdsCode(string? code, IDictionary<string, string[]> errors, string field = "odsCode")
    {
        var normalised = code?.Trim().ToUpperInvariant() ?? "";
        if (!OdsCode().IsMatch(normalised))
            errors[field] = ["Enter the practice's ODS code: a letter followed by five digits, like K82001."];
        return normalised;
    }

    public static string ValidTimeZone(string? zone, IDictionary<string, string[]> errors, string field = "timeZone")
    {
        var value = string.IsNullOrWhiteSpace(zone) ? Club.DefaultTimeZone : zone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(value, out var tz) || !tz.HasIanaId)
            errors[field] = [$"'{value}' is not a time zone. Use an IANA name such as Europe/London."];
        return value;
    }

    public static void ThrowIfAny(IDictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new DomainValidationException(errors);
    }

    [GeneratedRegex("^[A-Z][0-9]{5}$")]
    private static partial Regex OdsCode();
}
