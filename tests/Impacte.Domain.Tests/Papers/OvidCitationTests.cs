using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class OvidCitationTests
{
    [Fact]
    public async Task OvidEmbaseExportGivesTwoRecordsFromItsNumberedMarkers()
    {
        var (format, results) = await CitationFiles.ReadAsync("ovid-embase-2records.txt");

        Assert.Equal(CitationFormat.Ovid, format);
        Assert.Equal([1, 2], results.Select(r => r.RecordNumber)); // positions, not Ovid's 3001 and 3002
        var records = results.Records();
        Assert.Equal("Quality of life in patients with primary ciliary dyskinesia: A systematic review.", records[0].Title);
        Assert.Equal("Development of a bioinformatics analysis method for diagnosis of.", records[1].Title);
    }

    [Fact]
    public async Task OvidRecordTakesDoiFromItsDxDoiLinkAndJournalFromItsSource()
    {
        var first = (await CitationFiles.RecordsAsync("ovid-embase-2records.txt"))[0];

        Assert.Equal("10.1186/s12919-018-0099-8", first.Doi); // DO http://dx.doi.org/10.1186/s12919-018-0099-8
        Assert.Equal("BMC Proceedings", first.Journal);
        Assert.Equal(2018, first.Year);
        Assert.Equal(["Behan, L.", "Rubbo, B.", "Lucas, J.S.", "Galvin, A.D."], first.Authors);
        Assert.Equal("Conference Abstract", first.PublicationType);
        Assert.Null(first.Pmid); // UI is Embase's accession number, not a PMID
    }

    [Fact]
    public async Task OvidAbstractKeepsItsUntaggedParagraphs()
    {
        var first = (await CitationFiles.RecordsAsync("ovid-embase-2records.txt"))[0];

        var paragraphs = first.Abstract!.Split('\n');
        Assert.Equal(4, paragraphs.Length);
        Assert.StartsWith("Background:", paragraphs[0]);
        Assert.StartsWith("Conclusion(s):", paragraphs[3]);
    }

    [Fact]
    public async Task OvidMedlineAccessionNumberIsThePmid()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            <1. >
            VN  - Ovid Technologies
            DB  - Ovid MEDLINE(R)
            UI  - 29657938
            TI  - Formulation of Herbal Gel of Antirrhinum majus Extract.
            SO  - Advanced Biomedical Research. 7:53, 2018.
            """);

        var record = Assert.Single(results.Records());
        Assert.Equal("29657938", record.Pmid);
        Assert.Equal("Advanced Biomedical Research", record.Journal);
        Assert.Equal(2018, record.Year);
    }
}
