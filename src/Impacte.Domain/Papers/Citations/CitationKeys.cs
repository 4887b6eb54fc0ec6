using System.Globalization;
using System.Text;

namespace Impacte.Domain.Papers.Citations;

public enum CitationKeyKind { Doi, Pmid, TitleYear }

/// <summary>One identity of a paper; two records that share a key are the same paper.</summary>
public readonly record struct CitationKey(CitationKeyKind Kind, string Value)
{
    /// <summary>"doi:10.1000/abc", "pmid:123", "title:some title|2018": one string to store and index.</summary>
    public override string ToString() => $"{Kind switch { CitationKeyKind.Doi => "doi", CitationKeyKind.Pmid => "pmid", _ => "title" }}:{Value}";
}

/// <summary>The keys duplicates are recognised by, from the surest to the weakest.</summary>
public static class CitationKeys
{
    /// <summary>
    /// The record's DOI, its PMID, then its normalised title with its year, those it has: a record from PubMed and
    /// the same paper from EndNote share at least one whatever either lacks.
    /// </summary>
    public static IReadOnlyList<CitationKey> For(CitationRecord record)
    {
        List<CitationKey> keys = [];
        if (record.Doi is { } doi) keys.Add(new(CitationKeyKind.Doi, doi));
        if (record.Pmid is { } pmid) keys.Add(new(CitationKeyKind.Pmid, pmid));
        if (NormaliseTitle(record.Title) is { Length: > 0 } title) keys.Add(new(CitationKeyKind.TitleYear, $"{title}|{record.Year}"));
        return keys;
    }

    /// <summary>
    /// Lower-case letters and digits, accents dropped, one space between words: "[Acne: a Review]." and "Acne - a
    /// review" are one title.
    /// </summary>
    public static string NormaliseTitle(string title)
    {
        var normalised = new StringBuilder(title.Length);
        var space = false;
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                if (space && normalised.Length > 0) normalised.Append(' ');
                normalised.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else space = true;
        }
        return normalised.ToString();
    }
}
