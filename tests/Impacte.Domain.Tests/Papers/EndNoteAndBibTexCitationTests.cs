using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class EndNoteAndBibTexCitationTests
{
    [Fact]
    public async Task EnwGivesItsFirstRecordAndRejectsTheSecondWhichHasNoTitle()
    {
        var (format, results) = await CitationFiles.ReadAsync("rayyan-example1.enw");

        Assert.Equal(CitationFormat.EndNote, format);
        var record = Assert.Single(results.Records());
        Assert.Equal(("title1", "journal1", 2017, "1", "10", "pages1"),
            (record.Title, record.Journal, record.Year, record.Volume, record.Issue, record.Pages));
        Assert.Equal(["a1l, a1f and a2l, a2f"], record.Authors);
        Assert.Equal("Journal Article", record.PublicationType);
        Assert.Null(record.Pmid); // %M 123456 with no sign that it comes from PubMed
        Assert.Contains("kw5", record.Keywords); // untagged line under %K
        var rejected = Assert.Single(results.Rejections());
        Assert.Equal((2, 30, "It has no title."), (rejected.RecordNumber, rejected.LineNumber, rejected.Reason));
    }

    [Fact]
    public async Task BibGivesTheEntriesWithTitlesAndRejectsTheTwelveWithout()
    {
        var (format, results) = await CitationFiles.ReadAsync("rayyan-example1.bib");

        Assert.Equal(CitationFormat.BibTex, format);
        Assert.Equal(17, results.Count);
        Assert.Equal([1, 14, 15, 16, 17], results.Records().Select(r => r.RecordNumber));
        Assert.Equal(Enumerable.Range(2, 12), results.Rejections().Select(r => r.RecordNumber));
        var first = results.Records()[0];
        Assert.Equal(("title1", "journal1", 2017, "1", "10"), (first.Title, first.Journal, first.Year, first.Volume, first.Issue));
        Assert.Equal(["a1l, a1f", "a2l, a2f", "a3l, a3f; a4l, a4f"], first.Authors);
        Assert.Equal(["Journal Article", "Conference Paper", "Book", "Book Section", "Thesis"],
            results.Records().Select(r => r.PublicationType));
    }

    [Fact]
    public async Task BibTexLatexBecomesTextAndPageDashesOneHyphen()
    {
        var (_, results) = await CitationFiles.ReadTextAsync("""
            % Encoding: UTF-8, exported by librarian@example.org
            @Article{ worm2017,
              author  = {W{\"o}rmann, Bernhard and Fran{\c{c}}ois, Jos\'{e}},
              title   = "{Breast} cancer: basics \& screening (a review)",
              journal = {Med Monatsschr Pharm},
              year    = 2017,
              pages   = {55--64},
              doi     = {10.1000/ABC},
            }
            @comment{ jabref-meta: databaseType:bibtex; }
            """);

        var record = Assert.Single(results.Records());
        Assert.Equal(["Wörmann, Bernhard", "François, José"], record.Authors);
        Assert.Equal("Breast cancer: basics & screening (a review)", record.Title);
        Assert.Equal((2017, "55-64", "10.1000/abc"), (record.Year, record.Pages, record.Doi));
    }
}
