using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class DamagedCitationTests
{
    [Fact]
    public async Task RisRecordWithoutTyIsRejectedWithItsNumberAndLineWhileTheOthersParse()
    {
        var (format, results) = await CitationFiles.ReadTextAsync("""
            TY  - JOUR
            TI  - First paper
            ER  - 

            TI  - Second paper, whose TY line was lost
            AU  - Smith, J.
            ER  - 

            TY  - JOUR
            TI  - Third paper
            ER  - 
            """);

        Assert.Equal(CitationFormat.Ris, format);
        Assert.Equal([1, 2, 3], results.Select(r => r.RecordNumber));
        Assert.Equal(["First paper", "Third paper"], results.Records().Select(r => r.Title));
        var rejected = Assert.Single(results.Rejections());
        Assert.Equal((2, 5), (rejected.RecordNumber, rejected.LineNumber));
        Assert.Contains("TY", rejected.Reason);
    }

    [Fact]
    public async Task RisFileWhoseFirstRecordLostItsTyIsStillRecognisedAsRis()
    {
        var (format, results) = await CitationFiles.ReadTextAsync("""
            TI  - First paper, no TY
            ER  - 
            TY  - JOUR
            TI  - Second paper
            ER  - 
            """);

        Assert.Equal(CitationFormat.Ris, format);
        Assert.Equal(1, Assert.Single(results.Rejections()).RecordNumber);
        Assert.Equal(2, Assert.Single(results.Records()).RecordNumber);
    }

    [Fact]
    public async Task RisRecordWithNoTitleIsRejectedWhileTheOthersParse()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            TY  - JOUR
            TI  - First paper
            ER  - 
            TY  - JOUR
            AU  - Smith, J.
            TI  -   
            PY  - 2019
            ER  - 
            TY  - JOUR
            T1  - Third paper
            ER  - 
            """);

        Assert.Equal(["First paper", "Third paper"], results.Records().Select(r => r.Title));
        var rejected = Assert.Single(results.Rejections());
        Assert.Equal((2, 4, "It has no title."), (rejected.RecordNumber, rejected.LineNumber, rejected.Reason));
    }

    [Fact]
    public async Task RisRecordMissingItsEndTagStillParsesWhenTheNextOneStarts()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            TY  - JOUR
            TI  - First paper
            TY  - JOUR
            TI  - Second paper
            """);

        Assert.Equal(["First paper", "Second paper"], results.Records().Select(r => r.Title));
    }

    [Fact]
    public async Task MedlineRecordWithNoTitleIsRejectedWhileTheOthersParse()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            PMID- 1
            TI  - First paper.

            PMID- 2
            AB  - An abstract of a record
                  that has lost its title.

            PMID- 3
            TI  - Third paper.
            """);

        Assert.Equal(["1", "3"], results.Records().Select(r => r.Pmid));
        var rejected = Assert.Single(results.Rejections());
        Assert.Equal((2, 4, "It has no title."), (rejected.RecordNumber, rejected.LineNumber, rejected.Reason));
    }

    [Fact]
    public async Task WosRecordWithoutPtIsRejectedWhileTheOthersParse()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            FN Clarivate Analytics Web of Science
            VR 1.0
            PT J
            TI First paper
            ER

            TI Second paper, without PT
            ER

            PT J
            TI Third paper
            ER

            EF
            """);

        Assert.Equal(["First paper", "Third paper"], results.Records().Select(r => r.Title));
        Assert.Equal((2, 7), results.Rejections().Select(r => (r.RecordNumber, r.LineNumber)).Single());
    }

    [Fact]
    public async Task BibTexEntryCutOffByTheEndOfTheFileIsRejected()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            @article{one, title = {First paper}, year = 2019}
            @article{two, title = {Second paper
            """);

        Assert.Equal("First paper", Assert.Single(results.Records()).Title);
        Assert.Equal((2, 2), results.Rejections().Select(r => (r.RecordNumber, r.LineNumber)).Single());
    }
}
