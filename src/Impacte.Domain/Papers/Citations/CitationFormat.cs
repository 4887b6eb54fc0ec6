namespace Impacte.Domain.Papers.Citations;

/// <summary>The citation file formats <see cref="CitationReader"/> recognises from their content.</summary>
public enum CitationFormat
{
    /// <summary>MEDLINE/PubMed tagged (.nbib, .txt): <c>PMID- </c>, tags padded to four characters.</summary>
    Medline,
    /// <summary>RIS (.ris) from EndNote, Zotero, Mendeley, Ovid, Cochrane, EBSCO...: <c>TY  - </c> ... <c>ER  - </c>.</summary>
    Ris,
    /// <summary>Ovid tagged export with <c>&lt;1. &gt;</c> record markers.</summary>
    Ovid,
    /// <summary>Web of Science tagged export (.txt, .ciw): <c>PT J</c> ... <c>ER</c>.</summary>
    WebOfScience,
    /// <summary>EndNote tagged "Refer" export (.enw): <c>%0 </c>, <c>%T </c>...</summary>
    EndNote,
    /// <summary>BibTeX (.bib): <c>@article{key, ...}</c>.</summary>
    BibTex,
    /// <summary>CSV (or semicolon/tab separated) with a header row naming at least a title column.</summary>
    Csv,
}
