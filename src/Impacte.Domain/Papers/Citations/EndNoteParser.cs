using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// EndNote's tagged "Refer" export (.enw): "%T title", one line per author, records separated by blank lines. An
/// untagged line is one more item of the field above, as in RIS.
/// </summary>
internal sealed partial class EndNoteParser : TaggedCitationParser
{
    protected override bool BlankLineEndsRecord => true;

    protected override LineKind Classify(string line, out string tag, out string value)
    {
        (tag, value) = ("", "");
        if (string.IsNullOrWhiteSpace(line)) return LineKind.Blank;
        var match = Tagged.Match(line);
        if (!match.Success) return LineKind.Continuation;
        (tag, value) = (match.Groups["tag"].Value, match.Groups["value"].Value);
        return tag == "0" ? LineKind.StartsRecord : LineKind.Field;
    }

    protected override CitationRecord? Map(TaggedFields f, int recordNumber)
    {
        if (f.First("T") is not { } title) return null;
        var authors = f.Lines("A");
        // %M is the source database's accession number: a PMID only when the source is PubMed.
        var fromPubMed = f.Values("W", "U").Any(v => v.Contains("PubMed", StringComparison.OrdinalIgnoreCase) || v.Contains("NLM", StringComparison.Ordinal));
        return new CitationRecord
        {
            RecordNumber = recordNumber,
            Title = title,
            Authors = authors.Count > 0 ? authors : f.Lines("E"),
            Journal = f.First("J", "B"),
            Year = CitationText.Year(f.First("D")),
            Volume = f.First("V"),
            Issue = f.First("N"),
            Pages = f.First("P"),
            Doi = f.First("R"),
            Pmid = fromPubMed ? f.First("M") : null,
            Abstract = f.Paragraphs("X"),
            Url = f.Lines("U").FirstOrDefault(),
            PublicationType = f.First("0"),
            Keywords = [.. f.Lines("K").SelectMany(k => CitationText.Split(k, ';'))],
        };
    }

    [GeneratedRegex(@"^%(?<tag>\S)(?: (?<value>.*))?$")]
    private static partial Regex Tagged { get; }
}
