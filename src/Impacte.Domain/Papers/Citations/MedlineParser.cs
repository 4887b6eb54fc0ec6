using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// MEDLINE/PubMed (.nbib): "TAG - value" with the tag padded to four characters, wrapped lines indented by six
/// spaces, records separated by blank lines and opened by PMID.
/// </summary>
internal sealed partial class MedlineParser : TaggedCitationParser
{
    protected override bool BlankLineEndsRecord => true;

    protected override LineKind Classify(string line, out string tag, out string value)
    {
        (tag, value) = ("", "");
        if (string.IsNullOrWhiteSpace(line)) return LineKind.Blank;
        if (char.IsWhiteSpace(line[0])) return LineKind.Continuation;
        var match = Tagged.Match(line);
        // An unindented line that is not a tag is still text of the field above: be lenient with hand-edited files.
        if (!match.Success) return LineKind.Continuation;
        (tag, value) = (match.Groups["tag"].Value, match.Groups["value"].Value);
        return tag == "PMID" ? LineKind.StartsRecord : LineKind.Field;
    }

    protected override CitationRecord? Map(TaggedFields f, int recordNumber)
    {
        if (f.First("TI", "BTI", "TT") is not { } title) return null;
        List<string> authors = [.. f.Values("AU").Select(CitationText.SurnameInitials), .. f.Values("CN")];
        return new CitationRecord
        {
            RecordNumber = recordNumber,
            Title = title,
            Authors = authors.Count > 0 ? authors : f.Values("FAU"),
            Journal = f.First("JT", "TA"),
            Year = CitationText.Year(f.First("DP")),
            Volume = f.First("VI"),
            Issue = f.First("IP"),
            Pages = f.First("PG"),
            Doi = f.Values("LID", "AID").FirstOrDefault(id => id.EndsWith("[doi]", StringComparison.Ordinal)),
            Pmid = f.First("PMID"),
            Abstract = f.Values("AB") is { Count: > 0 } abstracts ? string.Join('\n', abstracts) : null,
            PublicationType = f.First("PT"),
            Keywords = [.. f.Values("OT"), .. f.Values("MH")],
        };
    }

    // Some exporters do not pad short tags ("GN - "), so the padding is not required.
    [GeneratedRegex(@"^(?<tag>[A-Z][A-Z0-9]{1,3}) *- ?(?<value>.*)$")]
    private static partial Regex Tagged { get; }
}
