using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class XmRChartTests
{
    [Fact]
    public void CentreIsTheFrozenBaselineMeanAndLimitsAre2Point66MeanMovingRangesAway()
    {
        // Baseline 12, 10, … : mean 11, moving ranges all 2, limits 11 ± 5.32. The two later points (16, 16) would
        // pull a mean of all 14 points up to 11.71, so a centre of exactly 11 proves the baseline is frozen.
        var chart = Chart(AfterXmRBaseline(16, 16));

        Assert.Equal(ChartKind.XmR, chart.Kind);
        Assert.Equal(11m, chart.Centre);
        Assert.Equal(16.32m, chart.UpperLimit);
        Assert.Equal(5.68m, chart.LowerLimit);
        Assert.All(chart.Points, p => Assert.Equal((11m, 16.32m, 5.68m), (p.Centre, p.UpperLimit, p.LowerLimit)));
        Assert.Equal(12, chart.Points.Count(p => p.InBaseline));
    }

    [Fact]
    public void APointAboveTheUpperLimitIsAnImprovementWhenHigherIsBetter()
    {
        // 17 > 16.32. No other rule fires: 10 -> 17 is one step up, and 17 is the only point beyond 2σ (14.55).
        var chart = Chart(AfterXmRBaseline(17));

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.OutsideLimits, "2026-01", "2026-01", 1, SignalSide.High, SignalMeaning.Improvement), signal);
    }

    [Theory]
    [InlineData(ImprovementDirection.Down, SignalMeaning.Improvement)]
    [InlineData(ImprovementDirection.Up, SignalMeaning.Concern)]
    public void APointBelowTheLowerLimitMeansWhatTheDirectionOfImprovementSays(ImprovementDirection direction, SignalMeaning meaning)
    {
        // 5 < 5.68 (e.g. fewer patients on a risky drug combination: lower is better). The fall 12, 10, 5 is three
        // points, too few for a trend; 10 is not beyond the lower 2σ line (7.45), so two-of-three does not fire.
        var chart = Chart(AfterXmRBaseline(5), direction: direction);

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.OutsideLimits, "2026-01", "2026-01", 1, SignalSide.Low, meaning), signal);
    }

    [Theory]
    [InlineData(6, 0)]
    [InlineData(7, 1)]
    public void SevenPointsOnOneSideOfTheCentreLineAreAShift(int pointsAbove, int shifts)
    {
        // 13 is above the centre (11) but inside the 2σ line (14.55); the baseline's last point (10) is below, so
        // the run is exactly the added points. Repeated 13s are not a trend (a repeat neither adds nor breaks).
        var chart = Chart(AfterXmRBaseline(Enumerable.Repeat(13m, pointsAbove).ToArray()));

        Assert.Equal(shifts, chart.Signals.Count);
        if (shifts == 1)
            Assert.Equal(new ChartSignal(SignalRule.Shift, "2026-01", "2026-07", 7, SignalSide.High, SignalMeaning.Improvement),
                chart.Signals[0]);
    }

    [Theory]
    [InlineData(new[] { 10.5, 11, 11.5, 12 }, 0)]
    [InlineData(new[] { 10.5, 11, 11.5, 12, 12.5 }, 1)]
    public void SixPointsEachHigherThanTheLastAreATrend(double[] rising, int trends)
    {
        // The baseline's last point (10, 2025-12) starts the rise: 10, 10.5, 11, 11.5, 12 is five points, one more
        // makes six. No shift: 10 and 10.5 are below 11, 11 is on it, at most three are above.
        var chart = Chart(AfterXmRBaseline(rising.Select(v => (decimal)v).ToArray()));

        Assert.Equal(trends, chart.Signals.Count);
        if (trends == 1)
            Assert.Equal(new ChartSignal(SignalRule.Trend, "2025-12", "2026-05", 6, SignalSide.High, SignalMeaning.Improvement),
                chart.Signals[0]);
    }

    [Fact]
    public void TwoOfThreePointsBeyondTwoSigmaOnTheSameSideAreASignal()
    {
        // 15, 13, 15: both 15s are beyond the upper 2σ line (14.55) yet inside the limit (16.32); 13 is not.
        var chart = Chart(AfterXmRBaseline(15, 13, 15));

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.TwoOfThreeBeyondTwoSigma, "2026-01", "2026-03", 2, SignalSide.High, SignalMeaning.Improvement),
            signal);
    }

    [Fact]
    public void TwoPointsBeyondTwoSigmaButFurtherApartThanThreeAreNoSignal()
    {
        // 15, 11, 10, 15: no window of three consecutive points holds both 15s.
        var chart = Chart(AfterXmRBaseline(15, 11, 10, 15));

        Assert.Empty(chart.Signals);
    }
}
