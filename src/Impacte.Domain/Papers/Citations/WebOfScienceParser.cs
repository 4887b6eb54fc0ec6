using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// Web of Science "other reference software" export: two-letter tags and a space, continuation lines indented by
/// three, PT ... ER per record, FN/VR heading the file and EF ending it. A continuation line is one more author in
/// AU, and wrapped text elsewhere.
/// </summary>
internal sealed partial class WebOfScienceParser : TaggedCitationParser
{
    protected override string? MissingStartTag => "It does not start with a PT (publication type) line.";

    protected override LineKind Classify(string line, out string tag, out string value)
    {
        (tag, value) = ("", "");
        if (string.IsNullOrWhiteSpace(line)) return LineKind.Blank;
        var match = Tagged.Match(line);
        if (char.IsWhiteSpace(line[0]) || !match.Success) return LineKind.Continuation;
        (tag, value) = (match.Groups["tag"].Value, match.Groups["value"].Value);
        return tag switch
        {
            "FN" or "VR" => LineKind.Ignored,
            "PT" => LineKind.StartsRecord,
            "ER" => LineKind.EndsRecord,
            "EF" => LineKind.EndsFile,
            _ => LineKind.Field,
        };
    }

    protected override CitationRecord? Map(TaggedFields f, int recordNumber)
    {
        if (f.First("TI") is not { } title) return null;
        List<string> authors = [.. f.Lines("AU"), .. f.Lines("CA")];
        return new CitationRecord
        {
            RecordNumber = recordNumber,
            Title = title,
            Authors = authors.Count > 0 ? authors : f.Lines("AF"),
            Journal = f.First("SO", "JI", "J9"),
            Year = CitationText.Year(f.First("PY")) ?? CitationText.Year(f.First("EA")),
            Volume = f.First("VL"),
            Issue = f.First("IS"),
            // PG is the number of pages; the pages are BP-EP, or an article number for online-only journals.
            Pages = CitationText.Pages(f.First("BP"), f.First("EP")) ?? f.First("AR"),
            Doi = f.First("DI", "D2"),
            Pmid = f.First("PM"),
            Abstract = f.Paragraphs("AB"),
            PublicationType = f.First("DT"),
            Keywords = [.. f.Values("DE", "ID").SelectMany(k => CitationText.Split(k, ';'))],
        };
    }

    [GeneratedRegex(@"^(?<tag>[A-Z][A-Z0-9])(?: (?<value>.*))?$")]
    private static partial Regex Tagged { get; }
}
