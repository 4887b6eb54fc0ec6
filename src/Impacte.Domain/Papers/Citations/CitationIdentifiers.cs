using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>DOI and PMID as they are compared: every exporter writes them its own way.</summary>
public static partial class CitationIdentifiers
{
    /// <summary>
    /// "https://doi.org/10.1000/ABC." and "doi: 10.1000/abc" both become "10.1000/abc": DOIs are case-insensitive, and
    /// resolver prefixes, MEDLINE's " [doi]" and sentence punctuation are not part of them. Null when what is left is
    /// not a DOI, since a wrong identifier would match the wrong paper.
    /// </summary>
    public static string? NormaliseDoi(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var doi = raw.Trim().ToLowerInvariant();
        if (doi.EndsWith("[doi]", StringComparison.Ordinal)) doi = doi[..^5].TrimEnd();

        var prefix = DoiPrefix.Match(doi);
        if (prefix.Success)
        {
            doi = doi[prefix.Length..];
            // A DOI taken from a link may be percent-encoded (10.1000%2Fabc).
            if (prefix.Value.Contains('/') && doi.Contains('%')) doi = Uri.UnescapeDataString(doi);
        }

        doi = TrimTrailingPunctuation(doi);
        return DoiShape.IsMatch(doi) ? doi : null;
    }

    /// <summary>"PMID: 29657938" and "29657938" both become "29657938"; anything else is not a PubMed id.</summary>
    public static string? NormalisePmid(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var match = PmidShape.Match(raw.Trim());
        return match.Success ? match.Groups["id"].Value.TrimStart('0') is { Length: > 0 } id ? id : null : null;
    }

    private static string TrimTrailingPunctuation(string doi)
    {
        while (doi.Length > 0)
        {
            var last = doi[^1];
            // A closing bracket belongs to the DOI when it closes one of its own, as in 10.1016/s0140-6736(20)30183-5).
            var strip = last is '.' or ',' or ';' or ':' or '"' or '\'' || char.IsWhiteSpace(last)
                || last == ')' && Count(doi, ')') > Count(doi, '(')
                || last == ']' && Count(doi, ']') > Count(doi, '[');
            if (!strip) break;
            doi = doi[..^1];
        }
        return doi;
    }

    private static int Count(string text, char c) => text.Count(x => x == c);

    [GeneratedRegex(@"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\s*:\s*|doi\s+)+")]
    private static partial Regex DoiPrefix { get; }

    [GeneratedRegex(@"^10\.\d{4,9}/\S+$")]
    private static partial Regex DoiShape { get; }

    [GeneratedRegex(@"^(?:(?:pmid|pubmed)\s*:?\s*)?(?<id>\d{1,9})$", RegexOptions.IgnoreCase)]
    private static partial Regex PmidShape { get; }
}
