namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// One bibliographic record as a citation file gave it. Identifiers are normalised on the way in, whoever builds the
/// record, so that duplicate matching can compare them as they are.
/// </summary>
public sealed record CitationRecord
{
    /// <summary>1-based position of the record in its file, rejected records included, as the librarian counts them.</summary>
    public required int RecordNumber { get; init; }

    public required string Title { get; init; }

    /// <summary>"Surname, Initials" where the format makes that certain; otherwise as the file gives them.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    public string? Journal { get; init; }
    public int? Year { get; init; }
    public string? Volume { get; init; }
    public string? Issue { get; init; }
    public string? Pages { get; init; }

    /// <summary>Lower-case, without resolver or <c>doi:</c> prefixes and trailing punctuation; null when it is not a DOI.</summary>
    public string? Doi { get; init => field = CitationIdentifiers.NormaliseDoi(value); }

    /// <summary>The PubMed id, digits only; null when the file gives none it can vouch for.</summary>
    public string? Pmid { get; init => field = CitationIdentifiers.NormalisePmid(value); }

    public string? Abstract { get; init; }
    public string? Url { get; init; }

    /// <summary>"Journal Article", "Review", "Book"...: as the format names it, RIS codes spelt out.</summary>
    public string? PublicationType { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];
}
