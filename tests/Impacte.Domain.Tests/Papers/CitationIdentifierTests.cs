using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class CitationIdentifierTests
{
    [Theory]
    [InlineData("10.1111/ijd.13814", "10.1111/ijd.13814")]
    [InlineData("10.1038/527S101a", "10.1038/527s101a")]
    [InlineData("https://doi.org/10.1111/IJD.13814", "10.1111/ijd.13814")]
    [InlineData("http://dx.doi.org/10.1186/s12919-018-0099-8", "10.1186/s12919-018-0099-8")]
    [InlineData("https://dx.doi.org/10.1186/s12919-018-0099-8", "10.1186/s12919-018-0099-8")]
    [InlineData("doi.org/10.1111/ijd.13814", "10.1111/ijd.13814")]
    [InlineData("doi:10.1111/ijd.13814", "10.1111/ijd.13814")]
    [InlineData("DOI: 10.1111/ijd.13814.", "10.1111/ijd.13814")]
    [InlineData("  10.1111/ijd.13814;  ", "10.1111/ijd.13814")]
    [InlineData("10.4103/abr.abr_99_17 [doi]", "10.4103/abr.abr_99_17")]
    [InlineData("https://doi.org/10.1000%2Fabc", "10.1000/abc")]
    [InlineData("10.1016/S0140-6736(20)30183-5", "10.1016/s0140-6736(20)30183-5")]
    [InlineData("(10.1016/S0140-6736(20)30183-5)", null)]
    [InlineData("10.1016/S0140-6736(20)30183-5).", "10.1016/s0140-6736(20)30183-5")]
    [InlineData("10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2", "10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2")]
    public void DoiIsNormalisedToLowerCaseWithoutPrefixesOrTrailingPunctuation(string raw, string? expected) =>
        Assert.Equal(expected, CitationIdentifiers.NormaliseDoi(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("53")]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/29657938/")]
    [InlineData("not a doi")]
    [InlineData("10.1111")]
    public void SomethingThatIsNotADoiGivesNoDoi(string? raw) => Assert.Null(CitationIdentifiers.NormaliseDoi(raw));

    [Fact]
    public void RecordNormalisesTheDoiWhoeverBuildsIt()
    {
        var record = new CitationRecord { RecordNumber = 1, Title = "A paper", Doi = "https://doi.org/10.1000/ABC.", Pmid = "PMID: 123" };

        Assert.Equal("10.1000/abc", record.Doi);
        Assert.Equal("123", record.Pmid);
        Assert.Equal("10.1000/xyz", (record with { Doi = "doi:10.1000/XYZ" }).Doi);
    }

    [Theory]
    [InlineData("29657938", "29657938")]
    [InlineData("PMID: 29657938", "29657938")]
    [InlineData("pmid29657938", "29657938")]
    [InlineData(" 2150382 ", "2150382")]
    [InlineData("key1", null)]
    [InlineData("PMC5887696", null)]
    [InlineData("0", null)]
    public void PmidIsDigitsOnly(string raw, string? expected) => Assert.Equal(expected, CitationIdentifiers.NormalisePmid(raw));
}
