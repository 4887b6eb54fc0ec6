using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Questions;

public sealed class ClinicalTermsTests
{
    private static IReadOnlyList<string> Concepts(string text) => ClinicalTerms.Concepts(ClinicalTerms.Words(text));

    [Fact]
    public void AnAbbreviationStandsForItsWholeGroup()
    {
        var concepts = Concepts("AF in T2DM");
        Assert.Equal(3, concepts.Count);
        Assert.Equal("af|atrial fibrillation", concepts[0]);
        Assert.Equal("in", concepts[1]);
        Assert.Contains("type 2 diabetes", concepts[2].Split('|'));
    }

    [Fact]
    public void ASpelledOutTermIsMatchedAsAPhraseLongestFirst()
    {
        var concepts = Concepts("Chronic obstructive pulmonary disease exacerbations");
        Assert.Equal(2, concepts.Count);
        Assert.Contains("copd", concepts[0].Split('|'));
        Assert.Equal("exacerbations", concepts[1]);
    }

    [Fact]
    public void BrandAndGenericNamesAndPluralsMatch()
    {
        Assert.Contains("apixaban", Concepts("Eliquis")[0].Split('|'));
        Assert.Contains("noac", Concepts("DOACs")[0].Split('|'));
        Assert.Equal("hba1c", ClinicalTerms.Words("HbA1c")[0]);
    }

    [Fact]
    public void ABroadTermFindsItsMembersButNotTheOtherWayRound()
    {
        Assert.Contains("apixaban", Concepts("anticoagulation")[0].Split('|'));
        Assert.DoesNotContain("anticoagulation", Concepts("apixaban")[0].Split('|'));
    }
}
