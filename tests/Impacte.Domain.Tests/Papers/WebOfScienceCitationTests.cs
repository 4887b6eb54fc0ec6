using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class WebOfScienceCitationTests
{
    [Fact]
    public async Task WosExportWithBomGivesTwelveRecordsWithDoiAndPmid()
    {
        var (format, results) = await CitationFiles.ReadAsync("wos-12records.txt");

        Assert.Equal(CitationFormat.WebOfScience, format);
        Assert.Equal(12, results.Count);
        Assert.Empty(results.Rejections());
        Assert.All(results.Records(), r =>
        {
            Assert.StartsWith("10.1371/journal.", r.Doi);
            Assert.NotNull(r.Pmid);
            Assert.Equal(2018, r.Year);
        });
    }

    [Fact]
    public async Task WosContinuationLinesAreMoreAuthorsButOneWrappedTitle()
    {
        var first = (await CitationFiles.RecordsAsync("wos-12records.txt"))[0];

        Assert.Equal(["Asampong, E", "Gyeke, MDP", "Oduro, R"], first.Authors);
        Assert.Equal("Caregivers' views on stigmatization and discrimination of people affected by leprosy in Ghana", first.Title);
        Assert.Equal("PLOS NEGLECTED TROPICAL DISEASES", first.Journal);
        Assert.Equal(("12", "1"), (first.Volume, first.Issue));
        Assert.Equal("e0006219", first.Pages); // the article number: PG 12 is a page count
        Assert.Equal("10.1371/journal.pntd.0006219", first.Doi);
        Assert.Equal("29377890", first.Pmid);
        Assert.Equal("Article", first.PublicationType);
        Assert.Equal(["MENTAL-HEALTH", "STIGMA", "INDIA"], first.Keywords);
        Assert.StartsWith("Background\nLeprosy is a condition", first.Abstract);
    }

    [Fact]
    public async Task WosKeywordsWrappedOverLinesSplitOnSemicolons()
    {
        var second = (await CitationFiles.RecordsAsync("wos-12records.txt"))[1];

        Assert.Equal(
            ["DEVELOPING-COUNTRIES", "RANDOMIZED-TRIAL", "HEALTH BEHAVIORS", "STRATEGY", "IMPACT", "FACE", "DISEASE", "WATER"],
            second.Keywords);
    }

    [Fact]
    public async Task WosPagesComeFromBeginningAndEndPages()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            FN Clarivate Analytics Web of Science
            VR 1.0
            PT J
            AU Smith, J
            TI A paper with pages
            SO THE LANCET
            PY 2019
            BP 100
            EP 108
            PG 9
            ER

            EF
            """);

        Assert.Equal("100-108", Assert.Single(results.Records()).Pages);
    }
}
