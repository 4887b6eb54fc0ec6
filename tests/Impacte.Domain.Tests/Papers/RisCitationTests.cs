using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class RisCitationTests
{
    [Fact]
    public async Task BlueLightRisGivesEveryRecordOfTheFile()
    {
        var (format, results) = await CitationFiles.ReadAsync("blue-light.ris");

        // The README says 101; the file holds 102 (102 TY and ER lines, 102 distinct accession numbers).
        Assert.Equal(CitationFormat.Ris, format);
        Assert.Equal(102, results.Count);
        Assert.Empty(results.Rejections());
        Assert.All(results.Records(), r => Assert.Equal("Journal Article", r.PublicationType));
    }

    [Fact]
    public async Task RisWithBomAndContinuationLinesKeepsKeywordsTogether()
    {
        var first = (await CitationFiles.RecordsAsync("blue-light.ris"))[0];

        // The BOM does not hide the first TY, and untagged lines after KW are more keywords, not N1 or LA text.
        Assert.Equal(1, first.RecordNumber);
        Assert.Equal(["Acne", "Antirrhinum majus", "Propionibacterium acnes", "blue light"], first.Keywords);
        Assert.Equal(
            "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its Anti-Propionibacterium acne Effects",
            first.Title);
        Assert.Equal(["Shahtalebi, M. A.", "Asghari, G. R.", "Rahmani, F.", "Shafiee, F.", "Jahanian-Najafabadi, A."], first.Authors);
        Assert.Equal("Adv Biomed Res", first.Journal);
        Assert.Equal(2018, first.Year);
        Assert.Equal("7", first.Volume);
        Assert.Equal("53", first.Pages);
        Assert.Equal("10.4103/abr.abr_99_17", first.Doi);
    }

    [Fact]
    public async Task RisAccessionNumberIsThePmidWhenTheSourceIsPubMed()
    {
        var blueLight = await CitationFiles.RecordsAsync("blue-light.ris");
        var rayyan = await CitationFiles.RecordsAsync("rayyan-example1.ris");

        Assert.Equal("29657938", blueLight[0].Pmid); // AN 29657938 with DP NLM
        Assert.All(blueLight, r => Assert.NotNull(r.Pmid));
        Assert.Null(rayyan[0].Pmid); // AN key1: an accession number of some other database
    }

    [Theory]
    [InlineData("DB  - Embase\nAN  - 621381829", null)]
    [InlineData("DB  - Ovid MEDLINE(R)\nAN  - 29657938", "29657938")]
    [InlineData("AN  - PUBMED 29657938", "29657938")]
    [InlineData("AN  - PMID: 29657938", "29657938")]
    [InlineData("AN  - 29657938", null)]
    public async Task RisAccessionNumberIsTrustedAsPmidOnlyWithEvidence(string fields, string? pmid)
    {
        var (_, results) = await CitationFiles.ReadTextAsync($"TY  - JOUR\nTI  - A paper\n{fields}\nER  - \n");

        Assert.Equal(pmid, Assert.Single(results.Records()).Pmid);
    }

    [Fact]
    public async Task RisAuthorsComeFromAuAndA1AndOtherwiseFromA2ToA4()
    {
        var records = await CitationFiles.RecordsAsync("rayyan-example1.ris");

        string[] five = ["a1l, a1f", "a2l, a2f", "a3l, a3f", "a4l, a4f", "a5l, a5f"];
        Assert.Equal(["a1l, a1f", "a2l, a2f"], records[0].Authors); // AU and A1; A2..A4 are editors and the like
        Assert.Equal(five, records[1].Authors); // AU
        Assert.Equal(five, records[2].Authors); // A1
        Assert.Equal(five, records[3].Authors); // A2 only
        Assert.Equal(five, records[4].Authors); // A3 only
        Assert.Equal(five, records[5].Authors); // A4 only
    }

    [Fact]
    public async Task RayyanRisGivesSixRecordsWithTheirTitleJournalYearAndPagesVariants()
    {
        var records = await CitationFiles.RecordsAsync("rayyan-example1.ris");

        Assert.Equal(["title1", "title2", "title3", "title4", "title5", "title6"], records.Select(r => r.Title)); // T1, TI, CT, BT
        Assert.Equal(["journal1", "journal1", "journal1", "journal1", null, null], records.Select(r => r.Journal)); // T2, JO, JF, J2
        Assert.Equal([2017, 2017, 2017, 2017, 2017, null], records.Select(r => r.Year)); // PY 2017/10/1, DA 2017-10-1, DA 2017 10 1, Y1
        Assert.Equal(["pages1", "pages1-pages2", "pages2", null, null, null], records.Select(r => r.Pages)); // SP, SP+EP, EP
        Assert.Equal(["Journal Article", "Web Page", "Abstract", "Electronic Article", "Thesis", "OTHER_PUBTYPE"],
            records.Select(r => r.PublicationType));
        Assert.Equal("abstract1\nabstract2", records[0].Abstract); // two AB tags
        Assert.Equal("abstract1", records[1].Abstract); // N2
        Assert.Equal("url1", records[0].Url);
        Assert.Equal([.. Enumerable.Range(1, 8).Select(i => $"kw{i}"), "kw9-- kw10-- kw11--", "kw12", "kw13", "kw14", "kw15"],
            records[0].Keywords);
    }

    [Theory]
    [InlineData("rayyan-example2.ris", null)]
    [InlineData("rayyan-example3.ris", "abstract1\nabstract2")]
    public async Task RisEndTagWithoutTrailingSpaceStillEndsTheRecord(string file, string? abstractText)
    {
        var (_, results) = await CitationFiles.ReadAsync(file);

        var record = Assert.Single(results.Records());
        Assert.Empty(results.Rejections());
        Assert.Equal("title1", record.Title);
        Assert.Equal(["al1, af1", "al2, af2"], record.Authors);
        Assert.Equal(("journal1", 2017, "1", "10", "pages1"), (record.Journal, record.Year, record.Volume, record.Issue, record.Pages));
        Assert.Equal(abstractText, record.Abstract);
    }

    [Fact]
    public async Task RisFindsTheDoiInADoiLinkWhenThereIsNoDoTag()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            TY  - JOUR
            TI  - A trial
            UR  - https://doi.org/10.1016/S0140-6736(20)30183-5
            ER  - 
            """);

        Assert.Equal("10.1016/s0140-6736(20)30183-5", Assert.Single(results.Records()).Doi);
    }
}
