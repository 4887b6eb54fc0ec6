using Impacte.Domain.Appraisals;

namespace Impacte.Domain.Tests.Appraisals;

/// <summary>Worked examples, each checked by hand in its comment (NNT and its limits rounded up, as usual).</summary>
public class EffectSizesTests
{
    [Fact]
    public void ARiskRatioAndControlRateGiveTheArrAndNntWithTheirIntervals()
    {
        // CER 20%, RR 0.75 (0.60 to 0.94).
        // ARR = CER × (1 − RR) = 0.20 × 0.25 = 0.05 → NNT 1/0.05 = 20.
        // RR 0.94 → ARR 0.20 × 0.06 = 0.012 → 83.3 → 84; RR 0.60 → ARR 0.20 × 0.40 = 0.08 → 12.5 → 13.
        var e = EffectSizes.Absolute("RR", 0.75m, 0.60m, 0.94m, 0.20m)!;

        Assert.Equal(0.05, e.Arr, 9);
        Assert.Equal(0.012, e.ArrLower, 9);
        Assert.Equal(0.08, e.ArrUpper, 9);
        Assert.Equal("NNT 20 (95% CI 13 to 84)", EffectSizes.NumberNeeded(e));
        Assert.Equal("ARR 5.0% (95% CI 1.2% to 8.0%)", EffectSizes.DescribeArr(e));
        Assert.Equal("Treat 20 people for 1 year to prevent one stroke (95% CI 13 to 84).", EffectSizes.PlainWords(e, "Stroke", "1 year"));
    }

    [Fact]
    public void AnOddsRatioIsConvertedThroughTheControlRate()
    {
        // CER 30%, OR 0.50 (0.30 to 0.80); EER = OR·CER / (1 − CER + OR·CER) (Cochrane Handbook).
        // OR 0.50: EER = 0.15 / 0.85 = 0.1765 → ARR 0.1235 → NNT 8.1 → 9.
        // OR 0.30: EER = 0.09 / 0.79 = 0.1139 → ARR 0.1861 → 5.4 → 6.
        // OR 0.80: EER = 0.24 / 0.94 = 0.2553 → ARR 0.0447 → 22.4 → 23.
        var e = EffectSizes.Absolute("OR", 0.50m, 0.30m, 0.80m, 0.30m)!;

        Assert.Equal(0.1235, e.Arr, 4);
        Assert.Equal("NNT 9 (95% CI 6 to 23)", EffectSizes.NumberNeeded(e));
    }

    [Fact]
    public void AHazardRatioUsesTheSurvivalInTheControlGroup()
    {
        // CER 10% at the time horizon, HR 0.70 (0.59 to 0.82); EER = 1 − (1 − CER)^HR (Altman and Andersen 1999).
        // HR 0.70: 0.9^0.70 = 0.9289 → EER 0.0711 → ARR 0.0289 → 34.6 → 35.
        // HR 0.59: 0.9^0.59 = 0.9397 → ARR 0.0397 → 25.2 → 26; HR 0.82: 0.9^0.82 = 0.9172 → ARR 0.0172 → 58.03 → 59.
        var e = EffectSizes.Absolute("HR", 0.70m, 0.59m, 0.82m, 0.10m)!;

        Assert.Equal(0.0289, e.Arr, 4);
        Assert.Equal("NNT 35 (95% CI 26 to 59)", EffectSizes.NumberNeeded(e));
    }

    [Fact]
    public void AnIntervalThatCrossesNoEffectRunsFromHarmThroughInfinityToBenefit()
    {
        // CER 10%, RR 0.90 (0.70 to 1.15): ARR 0.10 × 0.10 = 0.01 → NNT 100.
        // RR 1.15 → ARR −0.015 → NNH 66.7 → 67; RR 0.70 → ARR 0.03 → NNT 33.3 → 34. (Altman 1998's style.)
        var e = EffectSizes.Absolute("RR", 0.90m, 0.70m, 1.15m, 0.10m)!;

        Assert.True(e.CrossesZero);
        Assert.Equal("NNT 100 (95% CI NNH 67 to ∞ to NNT 34)", EffectSizes.NumberNeeded(e));
        Assert.Equal("Treat 100 people to prevent one fall; but the interval includes no effect (from NNH 67 to NNT 34), so it may make no difference.",
            EffectSizes.PlainWords(e, "Fall", null));
    }

    [Fact]
    public void ARatioAboveOneIsANumberNeededToHarm()
    {
        // CER 5%, RR 1.49 (1.18 to 1.88): ARR = 0.05 × (1 − 1.49) = −0.0245 → NNH 40.8 → 41.
        // RR 1.88 → −0.044 → 22.7 → 23; RR 1.18 → −0.009 → 111.1 → 112.
        var e = EffectSizes.Absolute("RR", 1.49m, 1.18m, 1.88m, 0.05m)!;

        Assert.False(e.IsBenefit);
        Assert.Equal("NNH 41 (95% CI 23 to 112)", EffectSizes.NumberNeeded(e));
        Assert.Equal("Treat 41 people for 2 years and one more has opioid-related death (95% CI 23 to 112).",
            EffectSizes.PlainWords(e, "Opioid-related death", "2 years"));
    }

    [Fact]
    public void ARelativeRiskReductionInPercentIsOneMinusTheRiskRatio()
    {
        // DPP: CER 11% a year, RRR 58% (48 to 66): RR 0.42 → ARR 0.11 × 0.58 = 0.0638 → NNT 15.7 → 16.
        // RRR 48% → ARR 0.0528 → 18.9 → 19; RRR 66% → ARR 0.0726 → 13.8 → 14.
        var e = EffectSizes.Absolute("RRR", 58m, 48m, 66m, 0.11m)!;

        Assert.Equal("NNT 16 (95% CI 14 to 19)", EffectSizes.NumberNeeded(e));
    }

    [Fact]
    public void AnAbsoluteRiskReductionNeedsNoControlRate()
    {
        // ARR 3.5% (1.2 to 5.8): NNT 1/0.035 = 28.6 → 29; 1/0.058 = 17.2 → 18; 1/0.012 = 83.3 → 84.
        var e = EffectSizes.Absolute("ARR", 3.5m, 1.2m, 5.8m, null)!;

        Assert.Equal("NNT 29 (95% CI 18 to 84)", EffectSizes.NumberNeeded(e));
    }

    [Fact]
    public void WithoutAControlRateOrForAMeanDifferenceThereIsNoNnt()
    {
        Assert.Null(EffectSizes.Absolute("RR", 0.75m, 0.60m, 0.94m, null));
        Assert.Null(EffectSizes.Absolute("MD", -4.5m, -8.1m, -0.9m, 0.2m));
        Assert.Null(EffectSizes.Absolute("RR", 0.75m, null, null, 0.2m));
    }

    [Fact]
    public void ExactReciprocalsAreNotRoundedUpByFloatingPointNoise()
    {
        Assert.Equal(20, EffectSizes.Whole(1 / (0.2 * (1 - 0.75))));
        Assert.Equal(21, EffectSizes.Whole(20.01));
    }
}
