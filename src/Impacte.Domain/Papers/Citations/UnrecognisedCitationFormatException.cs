using Impacte.Domain.Common;

namespace Impacte.Domain.Papers.Citations;

/// <summary>The file is not a citation export IMPACTE can read; nothing was imported from it.</summary>
public sealed class UnrecognisedCitationFormatException(string whatItIs)
    : DomainException($"{whatItIs} {AcceptedFormats}")
{
    public const string AcceptedFormats =
        "Accepted formats: MEDLINE/PubMed (.nbib), RIS (.ris, from EndNote, Zotero, Ovid, Cochrane or EBSCO), " +
        "Ovid and Web of Science tagged exports, EndNote tagged (.enw), BibTeX (.bib), " +
        "and CSV with a header row that has a title column.";
}
