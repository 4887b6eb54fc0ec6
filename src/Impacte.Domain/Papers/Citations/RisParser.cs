using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// RIS as EndNote, Zotero, Mendeley, Ovid, Cochrane and EBSCO write it: "TY  - JOUR" ... "ER  - ". A line without a
/// tag belongs to the field above, as one more item of it (EndNote writes keywords and affiliations that way).
/// </summary>
internal sealed partial class RisParser : TaggedCitationParser
{
    protected override string? MissingStartTag => "It does not start with a TY (type) line.";

    protected override LineKind Classify(string line, out string tag, out string value) =>
        ClassifyRisLine(line, out tag, out value) switch
        {
            LineKind.Field when tag == "TY" => LineKind.StartsRecord,
            LineKind.Field when tag == "ER" => LineKind.EndsRecord,
            var kind => kind,
        };

    /// <summary>A RIS-style line, as Ovid's tagged export writes them too.</summary>
    internal static LineKind ClassifyRisLine(string line, out string tag, out string value)
    {
        (tag, value) = ("", "");
        if (string.IsNullOrWhiteSpace(line)) return LineKind.Blank;
        var match = Tagged.Match(line);
        if (!match.Success) return LineKind.Continuation;
        (tag, value) = (match.Groups["tag"].Value, match.Groups["value"].Value);
        return LineKind.Field;
    }

    protected override CitationRecord? Map(TaggedFields f, int recordNumber)
    {
        if (f.First("TI", "T1", "CT", "BT") is not { } title) return null;
        var accession = f.First("AN");
        // AN is whatever the source database numbers records by; it is a PMID only when the source is PubMed.
        var fromPubMed = f.Values("DP", "DB", "UR").Any(PubMedSource.IsMatch) || accession is not null && PubMedAccession.IsMatch(accession);
        var primaryAuthors = f.Lines("AU", "A1");
        return new CitationRecord
        {
            RecordNumber = recordNumber,
            Title = title,
            // A2..A4 are editors, series and subsidiary authors: names to show only when a record has no others.
            Authors = primaryAuthors.Count > 0 ? primaryAuthors : f.Lines("A2", "A3", "A4"),
            Journal = f.First("JO", "JF", "T2", "JA", "J1", "J2"),
            Year = new[] { "PY", "Y1", "DA" }.Select(tag => CitationText.Year(f.First(tag))).FirstOrDefault(y => y is not null),
            Volume = f.First("VL", "VO"),
            Issue = f.First("IS", "CP"),
            Pages = CitationText.Pages(f.First("SP"), f.First("EP")),
            // Some exporters put the DOI in M3, or only as a doi.org link.
            Doi = f.Lines("DO", "DI", "M3", "UR", "L3").Select(CitationIdentifiers.NormaliseDoi).FirstOrDefault(d => d is not null),
            Pmid = fromPubMed ? accession : null,
            Abstract = f.Paragraphs("AB") ?? f.Paragraphs("N2"),
            Url = f.Lines("UR").FirstOrDefault(),
            PublicationType = f.First("TY") is { } type ? TypeName(type) : null,
            Keywords = [.. f.Lines("KW").SelectMany(k => CitationText.Split(k, ';'))],
        };
    }

    /// <summary>RIS type codes spelt out as EndNote names them; other codes stay as they are.</summary>
    private static string TypeName(string code) => code switch
    {
        "JOUR" => "Journal Article",
        "EJOUR" => "Electronic Article",
        "ABST" => "Abstract",
        "INPR" => "In Press",
        "BOOK" => "Book",
        "EBOOK" => "Electronic Book",
        "CHAP" => "Book Section",
        "ECHAP" => "Electronic Book Section",
        "CONF" => "Conference Proceedings",
        "CPAPER" => "Conference Paper",
        "THES" => "Thesis",
        "RPRT" => "Report",
        "GOVDOC" => "Government Document",
        "ELEC" => "Web Page",
        "NEWS" => "Newspaper Article",
        "MGZN" => "Magazine Article",
        "DATA" => "Dataset",
        "UNPB" => "Unpublished Work",
        "GEN" => "Generic",
        _ => code,
    };

    // Two spaces before the dash by the standard; some writers use one, and "ER  -" may lack the trailing space.
    [GeneratedRegex(@"^(?<tag>[A-Z][A-Z0-9]) {1,2}-(?:\s(?<value>.*))?$")]
    private static partial Regex Tagged { get; }

    [GeneratedRegex(@"\b(?:NLM|PubMed|MEDLINE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PubMedSource { get; }

    // "PMID: 123" or "PUBMED 123" (Cochrane CENTRAL) say what they are.
    [GeneratedRegex(@"^(?:PMID|PUBMED)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PubMedAccession { get; }
}
