using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class MedlineCitationTests
{
    [Fact]
    public async Task BlueLightNbibGivesAllEightyRecordsWithPmidTitleAndYear()
    {
        var (format, results) = await CitationFiles.ReadAsync("blue-light.nbib");

        Assert.Equal(CitationFormat.Medline, format);
        Assert.Equal(80, results.Count);
        Assert.Empty(results.Rejections());
        Assert.Equal(Enumerable.Range(1, 80), results.Select(r => r.RecordNumber));
        Assert.All(results.Records(), r =>
        {
            Assert.Matches(@"^\d+$", r.Pmid);
            Assert.NotNull(r.Year);
        });
    }

    [Fact]
    public async Task NbibContinuationLinesJoinTheWrappedTitleAndAbstract()
    {
        var first = (await CitationFiles.RecordsAsync("blue-light.nbib"))[0];

        Assert.Equal(
            "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its Anti-Propionibacterium acne Effects.",
            first.Title);
        Assert.StartsWith("BACKGROUND: Antirrhinum majus contains aurone with excellent antibacterial and antifungal activities.", first.Abstract);
        Assert.EndsWith("on acne lesions must be performed.", first.Abstract);
        Assert.DoesNotContain("  ", first.Abstract);
    }

    [Fact]
    public async Task NbibRecordCarriesJournalDoiPagesAndSurnameCommaInitials()
    {
        var first = (await CitationFiles.RecordsAsync("blue-light.nbib"))[0];

        Assert.Equal("29657938", first.Pmid);
        Assert.Equal("10.4103/abr.abr_99_17", first.Doi); // from "LID - 10.4103/abr.abr_99_17 [doi]", not "LID - 53"
        Assert.Equal("Advanced biomedical research", first.Journal);
        Assert.Equal(2018, first.Year);
        Assert.Equal("7", first.Volume);
        Assert.Equal("53", first.Pages);
        Assert.Equal("Journal Article", first.PublicationType);
        Assert.Equal(["Shahtalebi, MA", "Asghari, GR", "Rahmani, F", "Shafiee, F", "Jahanian-Najafabadi, A"], first.Authors);
        Assert.Equal(["Acne", "Antirrhinum majus", "Propionibacterium acnes", "blue light"], first.Keywords);
    }

    [Fact]
    public async Task RayyanNbibWithUnpaddedTagsAndMultiLineTitlesGivesTenRecords()
    {
        var records = await CitationFiles.RecordsAsync("rayyan-example1.nbib");

        Assert.Equal(10, records.Count);
        Assert.Equal(["Wörmann, B"], records[0].Authors); // UTF-8 kept
        Assert.Equal("Medizinische Monatsschrift fur Pharmazeuten", records[0].Journal);
        Assert.Equal("55-64", records[0].Pages);
        Assert.StartsWith("Title that spans multiple lines", records[3].Title);
        Assert.DoesNotContain("  ", records[3].Title);
        Assert.Equal("10.1038/527s101a", records[8].Doi); // "10.1038/527S101a [doi]", lower-cased
    }

    [Theory]
    [InlineData("rayyan-example2.nbib", null)]
    [InlineData("rayyan-example3.nbib", "This is abstract 1\nThis is abstract 2")]
    public async Task RayyanSmallNbibGivesOneRecordWithNamesAsGiven(string file, string? abstractText)
    {
        var record = Assert.Single(await CitationFiles.RecordsAsync(file));

        Assert.Equal("A title for a research article", record.Title);
        Assert.Equal("123456", record.Pmid);
        Assert.Equal(2020, record.Year);
        Assert.Equal("A journal title", record.Journal);
        Assert.Equal(["a1_last_name a1_first_name", "a2_last_name a2_first_name"], record.Authors);
        Assert.Equal(abstractText, record.Abstract);
    }
}
