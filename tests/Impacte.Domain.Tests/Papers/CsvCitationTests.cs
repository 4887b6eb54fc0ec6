using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class CsvCitationTests
{
    [Fact]
    public async Task CsvWithHeaderRowFindsColumnsByNameInAnyOrderAndCase()
    {
        var (format, results) = await CitationFiles.ReadTextAsync("""
            PMID,Title,Authors,Journal/Book,Publication Year,DOI
            29657938,"Formulation of Herbal Gel, a trial","Shahtalebi MA, Asghari GR",Adv Biomed Res,2018,https://doi.org/10.4103/ABR.abr_99_17
            """);

        Assert.Equal(CitationFormat.Csv, format);
        var record = Assert.Single(results.Records());
        Assert.Equal(1, record.RecordNumber);
        Assert.Equal("Formulation of Herbal Gel, a trial", record.Title);
        Assert.Equal(["Shahtalebi, MA", "Asghari, GR"], record.Authors); // PubMed's comma-separated names
        Assert.Equal(("Adv Biomed Res", 2018, "29657938", "10.4103/abr.abr_99_17"), (record.Journal, record.Year, record.Pmid, record.Doi));
    }

    [Fact]
    public async Task SemicolonSeparatedCsvKeepsSurnameCommaInitialsTogether()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            title;author;year;volume;issue;pages
            Blue light for acne;"Smith, J; Jones, A B";2019;12;3;100-108
            """);

        var record = Assert.Single(results.Records());
        Assert.Equal("Blue light for acne", record.Title);
        Assert.Equal(["Smith, J", "Jones, A B"], record.Authors);
        Assert.Equal((2019, "12", "3", "100-108"), (record.Year, record.Volume, record.Issue, record.Pages));
    }

    [Fact]
    public async Task CsvWithExcelSeparatorLineIsRecognised()
    {
        var (format, results) = await CitationFiles.ReadTextAsync("sep=;\nTitle;Year;DOI\nBlue light for acne;2019;doi:10.1000/ABC\n");

        Assert.Equal(CitationFormat.Csv, format);
        Assert.Equal("10.1000/abc", Assert.Single(results.Records()).Doi);
    }

    [Fact]
    public async Task CsvRowWithoutTitleIsRejectedWithItsLineWhileOthersParse()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            title,authors,year,doi
            First paper,"Smith, J; Jones, A",2019,10.1000/one
            ,"Nobody, N",2020,10.1000/two
            ,,,
            Third paper,,2021,
            """);

        Assert.Equal([1, 3], results.Records().Select(r => r.RecordNumber));
        Assert.Equal(["Smith, J", "Jones, A"], results.Records()[0].Authors);
        var rejected = Assert.Single(results.Rejections());
        Assert.Equal((2, 3, "It has no title."), (rejected.RecordNumber, rejected.LineNumber, rejected.Reason));
    }
}
