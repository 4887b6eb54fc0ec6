using System.Runtime.CompilerServices;
using CsvHelper;

namespace Impacte.Domain.Papers.Citations;

/// <summary>
/// CSV (or semicolon-, tab- or bar-separated) with a header row, as PubMed, Scopus, Zotero, Web of Science's
/// tab-delimited export or a spreadsheet write it. Columns are found by name, ignoring case.
/// </summary>
internal sealed class CsvCitationParser : ICitationParser
{
    private static readonly string[] Title = ["title", "article title", "document title", "primary title", "ti"];
    private static readonly string[] Authors = ["authors", "author", "author(s)", "au", "author full names", "af"];
    private static readonly string[] Journal = ["journal", "journal title", "source title", "publication title", "journal/book", "secondary title", "source", "so"];
    private static readonly string[] Year = ["year", "publication year", "pubyear", "py", "date"];
    private static readonly string[] Volume = ["volume", "vl"];
    private static readonly string[] Issue = ["issue", "number", "is"];
    private static readonly string[] Pages = ["pages", "page range", "pagination"];
    private static readonly string[] StartPage = ["page start", "start page", "bp"];
    private static readonly string[] EndPage = ["page end", "end page", "ep"];
    private static readonly string[] Doi = ["doi", "di"];
    private static readonly string[] Pmid = ["pmid", "pubmed id", "pm"];
    private static readonly string[] Abstract = ["abstract", "abstract note", "ab"];
    private static readonly string[] Url = ["url", "link"];
    private static readonly string[] PublicationType = ["publication type", "document type", "item type", "type", "dt"];
    private static readonly string[] Keywords = ["keywords", "author keywords", "manual tags", "de"];

    private static readonly string[][] Others = [Authors, Journal, Year, Volume, Issue, Pages, Doi, Pmid, Abstract, Url];

    /// <summary>
    /// A header worth reading as citations: a title column and one more that citations have, so that a line of prose
    /// that happens to contain "Title" is not taken for one.
    /// </summary>
    internal static bool IsCitationHeader(IReadOnlyCollection<string> header)
    {
        var names = header.Select(h => h.Trim().Trim('"').Trim().ToLowerInvariant()).ToHashSet();
        return Title.Any(names.Contains) && Others.Any(column => column.Any(names.Contains));
    }

    public async IAsyncEnumerable<CitationParseResult> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new CsvReaderOptions { TrimWhitespace = true, TrackLineNumbers = true };
        await using var csv = CsvReader.Create(text, options, leaveOpen: true);
        await csv.ReadHeaderAsync(ct);

        int? Column(string[] names)
        {
            foreach (var name in names)
                if (csv.TryGetFieldIndex(name, out var index)) return index;
            return null;
        }
        var (title, authors, journal, year, volume, issue) = (Column(Title), Column(Authors), Column(Journal), Column(Year), Column(Volume), Column(Issue));
        var (pages, startPage, endPage, doi, pmid) = (Column(Pages), Column(StartPage), Column(EndPage), Column(Doi), Column(Pmid));
        var (abstractText, url, type, keywords) = (Column(Abstract), Column(Url), Column(PublicationType), Column(Keywords));
        string? Get(int? column) => column is { } index ? CitationText.Clean(csv.GetString(index)) : null;

        var recordNumber = 0;
        while (await csv.ReadAsync(ct))
        {
            ct.ThrowIfCancellationRequested();
            // Spreadsheets pad files with rows of empty cells; they are not records.
            if (Enumerable.Range(0, csv.FieldCount).All(csv.IsEmpty)) continue;
            recordNumber++;
            if (Get(title) is not { } recordTitle)
            {
                yield return new RejectedCitation(recordNumber, (int)csv.LineNumber, "It has no title.");
                continue;
            }
            yield return new ParsedCitation(new CitationRecord
            {
                RecordNumber = recordNumber,
                Title = recordTitle,
                Authors = SplitAuthors(Get(authors)),
                Journal = Get(journal),
                Year = CitationText.Year(Get(year)),
                Volume = Get(volume),
                Issue = Get(issue),
                Pages = Get(pages) ?? CitationText.Pages(Get(startPage), Get(endPage)),
                Doi = Get(doi),
                Pmid = Get(pmid),
                Abstract = Get(abstractText),
                Url = Get(url),
                PublicationType = Get(type),
                Keywords = [.. CitationText.Split(Get(keywords), ';')],
            });
        }
    }

    /// <summary>
    /// "Smith, J; Jones, A" (Zotero, Scopus) splits on semicolons; "Shahtalebi MA, Asghari GR" (PubMed) on commas,
    /// which is safe only when every part is a whole name, not the initials of "Smith, J".
    /// </summary>
    private static List<string> SplitAuthors(string? authors)
    {
        if (authors is null) return [];
        if (authors.Contains(';')) return [.. CitationText.Split(authors, ';')];
        var parts = CitationText.Split(authors, ',').ToList();
        return parts.Count > 1 && parts.All(p => p.Contains(' ')) ? [.. parts.Select(CitationText.SurnameInitials)] : [authors];
    }
}
