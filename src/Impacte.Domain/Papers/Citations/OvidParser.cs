using System.Text.RegularExpressions;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// Ovid's tagged export ("EndNote" fields), record by record under "&lt;1. &gt;" markers, with RIS-style tag lines.
/// Ovid names the database in DB, which says what UI (the accession number) is.
/// </summary>
internal sealed partial class OvidParser : TaggedCitationParser
{
    protected override LineKind Classify(string line, out string tag, out string value)
    {
        if (!RecordMarker.IsMatch(line)) return RisParser.ClassifyRisLine(line, out tag, out value);
        (tag, value) = ("", "");
        return LineKind.StartsRecord;
    }

    protected override CitationRecord? Map(TaggedFields f, int recordNumber)
    {
        if (f.First("TI") is not { } title) return null;
        var source = f.First("SO");
        var authors = f.Lines("AU");
        // UI is the PMID in Ovid MEDLINE, and Embase's own accession number in Embase.
        var fromMedline = f.Values("DB").Any(db => db.Contains("MEDLINE", StringComparison.OrdinalIgnoreCase));
        return new CitationRecord
        {
            RecordNumber = recordNumber,
            Title = title,
            Authors = authors.Count > 0 ? [.. authors.Select(CitationText.SurnameInitials)] : f.Lines("FA"),
            Journal = f.First("JN", "JT", "JA") ?? (source is null ? null : CitationText.Clean(JournalInSource.Match(source).Groups["journal"].Value)),
            Year = CitationText.Year(f.First("YR", "PY", "DP")) ?? CitationText.Year(source),
            Volume = f.First("VO", "VI"),
            Issue = f.First("IP", "NO"),
            Pages = f.First("PG") ?? CitationText.Pages(f.First("SP"), f.First("EP")),
            Doi = f.Lines("DO", "DI").Select(CitationIdentifiers.NormaliseDoi).FirstOrDefault(d => d is not null),
            Pmid = f.First("PM") ?? (fromMedline ? f.First("UI", "AN") : null),
            Abstract = f.Paragraphs("AB"),
            Url = f.Lines("UR").FirstOrDefault(),
            PublicationType = f.First("PT"),
            Keywords = [.. f.Lines("KW"), .. f.Lines("MH")],
        };
    }

    [GeneratedRegex(@"^<\d+\.?\s*>\s*$")]
    internal static partial Regex RecordMarker { get; }

    // "BMC Proceedings. Conference: ..." and "Adv Biomed Res. 7:53, 2018." name the journal before the first full stop.
    [GeneratedRegex(@"^(?<journal>.+?)\.(?:\s|$)")]
    private static partial Regex JournalInSource { get; }
}
