using System.Text.RegularExpressions;

namespace Impacte.Domain.Questions;

public enum IdentifierKind
{
    NhsNumber,
    DateOfBirth,
    Postcode,
}

/// <summary>
/// Something in the text that may identify a patient: where it is (so a form can highlight it) and what to do.
/// The matched text itself is deliberately not carried, so findings can be logged without copying the identifier.
/// </summary>
public sealed record IdentifierFinding(IdentifierKind Kind, int Start, int Length, string Message);

/// <summary>Refusals block saving; warnings ask the person to check.</summary>
public sealed record IdentifierScan(IReadOnlyList<IdentifierFinding> Refusals, IReadOnlyList<IdentifierFinding> Warnings)
{
    public bool IsRefused => Refusals.Count > 0;
    public bool IsClean => Refusals.Count == 0 && Warnings.Count == 0;
}

/// <summary>
/// The privacy guardrail for free text (questions, appraisals, minutes, comments): what is written is shared across the
/// network, so it must never carry a patient's NHS number, and a question should not carry a date of birth or a full
/// postcode. Every free text passes through <see cref="Common.UserText"/>, which refuses the NHS number.
/// </summary>
public static partial class PatientIdentifiers
{
    public const string NhsNumberMessage =
        "This looks like an NHS number. Remove it: what is written here is shared and must not identify a patient.";
    public const string DateOfBirthMessage =
        "This looks like a date of birth. Remove it, and give an age or age range instead.";
    public const string DateMessage =
        "This looks like a date. If it is a patient's date of birth, remove it and give an age instead.";
    public const string PostcodeMessage =
        "This looks like a full postcode. Remove it, or give only the first half (for example MK9).";

    public static IdentifierScan Scan(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new([], []);

        var refusals = NhsNumberCandidate().Matches(text)
            .Where(m => IsValidNhsNumber(m.Value))
            .Select(m => Finding(IdentifierKind.NhsNumber, m, NhsNumberMessage))
            .ToList();

        var warnings = DateOfBirthKeyword().Matches(text)
            .Select(m => Finding(IdentifierKind.DateOfBirth, m, DateOfBirthMessage))
            .Concat(DateCandidate().Matches(text)
                .Select(m => Finding(IdentifierKind.DateOfBirth, m, m.Groups["born"].Success ? DateOfBirthMessage : DateMessage)))
            .Concat(Postcode().Matches(text).Select(m => Finding(IdentifierKind.Postcode, m, PostcodeMessage)))
            .OrderBy(f => f.Start)
            .ToList();

        return new(refusals, warnings);
    }

    /// <summary>
    /// The NHS number modulus-11 check: weights 10 down to 2 on the first nine digits; the check digit is
    /// 11 − (sum mod 11), where 11 means 0 and 10 means no valid number. Spaces, hyphens and dots are ignored.
    /// </summary>
    public static bool IsValidNhsNumber(string candidate)
    {
        var digits = candidate.Where(c => c is not (' ' or '-' or '.' or '\u00A0')).ToArray();
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit)) return false;

        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (digits[i] - '0') * (10 - i);
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        return check != 10 && check == digits[9] - '0';
    }

    private static IdentifierFinding Finding(IdentifierKind kind, Match m, string message) =>
        new(kind, m.Index, m.Length, message);

    // 10 digits in a row, or in two to four groups (3-3-4, 4-3-3, 5-5…) split by one kind of separator (space,
    // hyphen or dot), but never a slice of a longer run; IsValidNhsNumber then counts exactly ten digits.
    [GeneratedRegex(@"(?<![0-9])(?:[0-9]{10}|[0-9]{2,5}(?<sep>[ \u00A0.-])[0-9]{2,5}(?:\k<sep>[0-9]{2,5}){0,2})(?![0-9])")]
    private static partial Regex NhsNumberCandidate();

    [GeneratedRegex(@"\b(?:D\.?O\.?B\b\.?|date\s+of\s+birth\b)", RegexOptions.IgnoreCase)]
    private static partial Regex DateOfBirthKeyword();

    // Day-month-year with one kind of separator (3/3/61, 03-03-1961, 3.3.1961), ISO 1961-03-03, or written out
    // (3 March 1961, 3rd of Mar 1961, March 3, 1961); "born (on)" in front makes it a date of birth for sure.
    private const string Month =
        "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

    [GeneratedRegex($$"""
        (?<born>\bborn\s+(?:on\s+)?)?
        (?:
            (?<![0-9./-]) (?:0?[1-9]|[12][0-9]|3[01]) (?<sep>[./-]) (?:0?[1-9]|1[0-2]) \k<sep> (?:[0-9]{4}|[0-9]{2}) (?![0-9]|[./-][0-9])
          | (?<![0-9./-]) (?:19|20)[0-9]{2} - (?:0[1-9]|1[0-2]) - (?:0[1-9]|[12][0-9]|3[01]) (?![0-9])
          | \b (?:0?[1-9]|[12][0-9]|3[01]) (?:st|nd|rd|th)? \s+ (?:of\s+)? {{Month}} \.? ,? \s+ (?:[0-9]{4}|'?[0-9]{2}) \b
          | \b {{Month}} \.? \s+ (?:0?[1-9]|[12][0-9]|3[01]) (?:st|nd|rd|th)? ,? \s+ [0-9]{4} \b
        )
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex DateCandidate();

    // Outward code (MK9, LU1, SW1A) then inward code (3EP): a full postcode points at a handful of homes; the outward
    // code alone does not. Inward letters never include C, I, K, M, O or V, which also keeps "4 mm" and the like out.
    [GeneratedRegex(@"\b[A-Z]{1,2}[0-9][A-Z0-9]?[ \u00A0]?[0-9][ABD-HJLNP-UW-Z]{2}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Postcode();
}
