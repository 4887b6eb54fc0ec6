using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>Small text clean-ups every parser needs.</summary>
internal static partial class CitationText
{
    /// <summary>Trimmed, with runs of whitespace made one space; null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Whitespace.Replace(text.Trim(), " ");
    }

    /// <summary>The first plausible year in a date however it is written: "2017/10/1", "2018 Mar 27", "JAN 2020".</summary>
    public static int? Year(string? date)
    {
        if (date is null) return null;
        var match = YearPattern.Match(date);
        return match.Success ? int.Parse(match.Value) : null;
    }

    /// <summary>"Shahtalebi MA" and "Lucas J.S." become "Shahtalebi, MA" and "Lucas, J.S."; other names stay as given.</summary>
    public static string SurnameInitials(string name)
    {
        var match = SurnameThenInitials.Match(name);
        return match.Success ? $"{match.Groups["surname"].Value}, {match.Groups["initials"].Value}" : name;
    }

    /// <summary>Parts of a list written in one field ("kw1; kw2"), trimmed, empty ones dropped.</summary>
    public static IEnumerable<string> Split(string? text, params char[] separators) =>
        (text ?? "").Split(separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => Clean(part)!);

    /// <summary>"55-64" from a start and an end page, or whichever of them there is.</summary>
    public static string? Pages(string? start, string? end) =>
        (Clean(start), Clean(end)) switch
        {
            (null, var e) => e,
            (var s, null) => s,
            (var s, _) when s.Contains('-') => s,
            (var s, var e) => $"{s}-{e}",
        };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace { get; }

    [GeneratedRegex(@"(?<!\d)(?:1[5-9]\d\d|20\d\d|21\d\d)(?!\d)")]
    private static partial Regex YearPattern { get; }

    [GeneratedRegex(@"^(?<surname>[^,]+?)\s+(?<initials>(?:[A-Z]\.?-?\s?){0,3}[A-Z]\.?)$")]
    private static partial Regex SurnameThenInitials { get; }
}
