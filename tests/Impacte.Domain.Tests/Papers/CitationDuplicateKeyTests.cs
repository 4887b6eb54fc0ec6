using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class CitationDuplicateKeyTests
{
    [Fact]
    public async Task ImportingBlueLightRisAfterItsNbibRecognisesTheEightyPubMedRecordsAsDuplicates()
    {
        var nbib = await CitationFiles.RecordsAsync("blue-light.nbib");
        var ris = await CitationFiles.RecordsAsync("blue-light.ris");
        var known = nbib.SelectMany(CitationKeys.For).ToHashSet();

        var duplicates = ris.Where(r => CitationKeys.For(r).Any(known.Contains)).ToList();

        Assert.Equal(80, nbib.Count);
        Assert.Equal(80, duplicates.Count); // the other 22 RIS records are papers the nbib does not have
        var risKeys = ris.SelectMany(CitationKeys.For).ToHashSet();
        Assert.All(nbib, r => Assert.Contains(CitationKeys.For(r), risKeys.Contains));
        // Every pair agrees on the PMID (AN in the RIS), and on title and year despite "Effects." against "Effects".
        Assert.All(nbib, r => Assert.Contains(new CitationKey(CitationKeyKind.Pmid, r.Pmid!), risKeys));
        Assert.All(nbib, r => Assert.Contains(CitationKeys.For(r).Single(k => k.Kind == CitationKeyKind.TitleYear), risKeys));
    }

    [Fact]
    public void KeysComeSurestFirstDoiThenPmidThenTitleWithYear()
    {
        var record = new CitationRecord
        {
            RecordNumber = 1,
            Title = "[Breast cancer: basics, screening, diagnostics and treatment].",
            Year = 2017,
            Doi = "https://doi.org/10.1000/ABC",
            Pmid = "29952495",
        };

        Assert.Equal(
            [
                new(CitationKeyKind.Doi, "10.1000/abc"),
                new(CitationKeyKind.Pmid, "29952495"),
                new CitationKey(CitationKeyKind.TitleYear, "breast cancer basics screening diagnostics and treatment|2017"),
            ],
            CitationKeys.For(record));
        Assert.Equal(["doi:10.1000/abc", "pmid:29952495", "title:breast cancer basics screening diagnostics and treatment|2017"],
            CitationKeys.For(record).Select(k => k.ToString()));
    }

    [Fact]
    public void RecordWithoutIdentifiersIsMatchedOnTitleAndYearOnly()
    {
        var record = new CitationRecord { RecordNumber = 1, Title = "Blue light for acne" };

        Assert.Equal([new CitationKey(CitationKeyKind.TitleYear, "blue light for acne|")], CitationKeys.For(record));
    }

    [Theory]
    [InlineData("Blue light for acne", "blue light for acne")]
    [InlineData("  BLUE-LIGHT   for acne.  ", "blue light for acne")]
    [InlineData("[Blue light: for acne?]", "blue light for acne")]
    [InlineData("Wörmann’s café study", "wormann s cafe study")]
    [InlineData("Stage 2 vs. stage 3", "stage 2 vs stage 3")]
    public void TitleIsNormalisedToLowerCaseLettersAndDigitsWithSingleSpaces(string title, string expected) =>
        Assert.Equal(expected, CitationKeys.NormaliseTitle(title));
}
