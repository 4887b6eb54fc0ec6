using Impacte.Domain.Impact;
using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Impact;

/// <summary>
/// Hand-worked scores. The XmR baseline (Points.XmRBaseline: 12, 10, … over 12 months) has centre 11 and limits
/// 5.68 to 16.32, so 17 is outside the upper limit and 5 outside the lower one.
/// </summary>
public class ProgressScoreTests
{
    private static int Score(bool tested, params MeasureChart[] charts) =>
        ProgressScore.Of(new ProgressInput(true, charts, tested)).Score;

    [Fact]
    public void AnAgreedIdeaWithoutAMeasureScoresNought()
    {
        var result = ProgressScore.Of(new ProgressInput(true, [], ChangeTested: true));

        Assert.Equal(new ProgressResult(0, "idea agreed"), result);
    }

    [Fact]
    public void AMeasureWithNoPointsYetScoresOne() => Assert.Equal(1, Score(false, Chart([])));

    [Fact]
    public void ABaselineStillCollectingItsPointsScoresOne()
    {
        // 5 of the 12 baseline points: the baseline is provisional.
        Assert.Equal(1, Score(true, Chart(Counts(12, 10, 12, 10, 12))));
    }

    [Fact]
    public void AFullBaselineScoresTwo() => Assert.Equal(2, Score(false, Chart(AfterXmRBaseline())));

    [Fact]
    public void ATestedChangeWithoutASignalScoresThree() =>
        Assert.Equal(3, Score(true, Chart(AfterXmRBaseline(12, 10, 12))));

    [Fact]
    public void AnImprovementSignalAfterATestedChangeScoresFour()
    {
        // 2026-01 at 17 is above 16.32: outside the limits on the better side.
        var chart = Chart(AfterXmRBaseline(17));

        Assert.Contains(chart.Signals, s => s.Rule == SignalRule.OutsideLimits && s.Meaning == SignalMeaning.Improvement);
        Assert.Equal(new ProgressResult(4, "improvement signal"), ProgressScore.Of(new ProgressInput(true, [chart], true)));
    }

    [Fact]
    public void AnImprovementWithoutATestedChangeStaysAtTwo() =>
        Assert.Equal(2, Score(false, Chart(AfterXmRBaseline(17))));

    [Fact]
    public void AnImprovementThatHoldsForTheNextSixPointsIsSustained()
    {
        // Established at 17 (2026-01); the next six, 13, 14, 13, 14, 13, 14, all stay above the centre line 11.
        Assert.Equal(5, Score(true, Chart(AfterXmRBaseline(17, 13, 14, 13, 14, 13, 14))));
    }

    [Fact]
    public void FivePointsAfterTheSignalAreNotYetSustained() =>
        Assert.Equal(4, Score(true, Chart(AfterXmRBaseline(17, 13, 14, 13, 14, 13))));

    [Fact]
    public void APointBackOnTheCentreLineBreaksTheHold()
    {
        // The fourth point after the signal is 11, on the centre line: not better than the baseline.
        Assert.Equal(4, Score(true, Chart(AfterXmRBaseline(17, 13, 14, 11, 14, 13, 14))));
    }

    [Fact]
    public void ForAMeasureThatShouldFallAFallIsTheImprovement()
    {
        // Direction down: 5 is below the lower limit 5.68, then six points below 11.
        var chart = Chart(AfterXmRBaseline(5, 9, 8, 9, 8, 9, 8), direction: ImprovementDirection.Down);

        Assert.Equal(5, Score(true, chart));
        Assert.Equal(3, Score(true, Chart(AfterXmRBaseline(17), direction: ImprovementDirection.Down)));
    }

    [Fact]
    public void AnImprovementInsideTheBaselineIsNotTheChanges()
    {
        // Run chart over a 6-point baseline 1..6 (median 3.5): its five-point rise is a trend signal, but it lies
        // wholly in the frozen baseline, before any change. After it, 3, 4, 3, 4 make no signal.
        var chart = Chart(Counts(1, 2, 3, 4, 5, 6, 3, 4, 3, 4), baselinePoints: 6);

        Assert.Contains(chart.Signals, s => s.Rule == SignalRule.Trend && s.Meaning == SignalMeaning.Improvement);
        Assert.Equal(3, Score(true, chart));
    }

    [Fact]
    public void TheBestMeasureDecides() =>
        Assert.Equal(5, Score(true, Chart(AfterXmRBaseline()), Chart(AfterXmRBaseline(17, 13, 14, 13, 14, 13, 14))));
}
