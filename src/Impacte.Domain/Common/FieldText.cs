using Impacte.Domain.Questions;

namespace Impacte.Domain.Common;

/// <summary>
/// Free text typed into the loop's records (changes, measures, PDSA cycles): trimmed, null when blank, bounded, and never
/// an NHS number, as implemented changes are read across the network. Each problem becomes a field error.
/// </summary>
public static class FieldText
{
    /// <summary>Trimmed text, or null when blank; too long, or carrying an NHS number, is a field error.</summary>
    public static string? Optional(string? value, string field, int max, Dictionary<string, string[]> errors)
    {
        var text = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (text is null) return null;
        if (text.Length > max) errors[field] = [$"Keep this to {max} characters or fewer."];
        else if (PatientIdentifiers.Scan(text).IsRefused) errors[field] = [PatientIdentifiers.NhsNumberMessage];
        return text;
    }

    /// <summary>As <see cref="Optional"/>, and blank is the field error <paramref name="missing"/>.</summary>
    public static string? Required(string? value, string field, string missing, int max, Dictionary<string, string[]> errors)
    {
        var text = Optional(value, field, max, errors);
        if (text is null && !errors.ContainsKey(field)) errors[field] = [missing];
        return text;
    }
}
