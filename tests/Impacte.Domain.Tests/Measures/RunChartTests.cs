using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class RunChartTests
{
    // Baseline 3, 5, 4, 4, 6, 2: sorted 2, 3, 4, 4, 5, 6, median (4 + 4) / 2 = 4.
    private static readonly decimal[] Baseline = [3, 5, 4, 4, 6, 2];

    [Fact]
    public void CentreIsTheBaselineMedianWithoutLimits()
    {
        var chart = Chart(Counts([.. Baseline, 9, 9]), baselinePoints: 6);

        Assert.Equal(ChartKind.Run, chart.Kind);
        Assert.Equal(4m, chart.Centre);
        Assert.All(chart.Points, p => Assert.Null(p.UpperLimit));
    }

    [Fact]
    public void PointsOnTheMedianNeitherBreakNorCountTowardsAShift()
    {
        // After the baseline: 5, 4, 6, 7, 4, 5, 6, 5 (2025-07 to 2026-02). The two 4s sit on the median; the six
        // other points are all above it, so the run is 6 (the run-chart threshold) from 2025-07 to 2026-02.
        // Trends: none longer than 3 (4, 6, 7 and 4, 5, 6).
        var chart = Chart(Counts([.. Baseline, 5, 4, 6, 7, 4, 5, 6, 5]), baselinePoints: 6);

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.Shift, "2025-07", "2026-02", 6, SignalSide.High, SignalMeaning.Improvement), signal);
    }

    [Fact]
    public void PointsOnTheMedianDoNotMakeUpAShortRunToSix()
    {
        // 5, 4, 6, 7, 4, 4, 6, 5: three 4s on the median, only five points above it.
        var chart = Chart(Counts([.. Baseline, 5, 4, 6, 7, 4, 4, 6, 5]), baselinePoints: 6);

        Assert.Empty(chart.Signals);
    }

    [Fact]
    public void ARepeatedValueNeitherBreaksNorCountsTowardsATrend()
    {
        // Baseline 5, 7, 5, 7, 5, 7: median 6. Then 3, 4, 4, 5, 6, 8: the second 4 is skipped, leaving
        // 3, 4, 5, 6, 8: five rising points (the run-chart threshold) from 2025-07 to 2025-12. Had the repeat
        // broken the trend, the longest rise would be 4, 5, 6, 8 (four: no signal). No shift: four points below 6,
        // then 6 on the median, then 8.
        var chart = Chart(Counts(5, 7, 5, 7, 5, 7, 3, 4, 4, 5, 6, 8), baselinePoints: 6);

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.Trend, "2025-07", "2025-12", 5, SignalSide.High, SignalMeaning.Improvement), signal);
    }

    [Fact]
    public void ARepeatedValueDoesNotMakeUpAShortTrendToFive()
    {
        // 3, 4, 4, 5, 7: four rising points once the repeat is skipped.
        var chart = Chart(Counts(5, 7, 5, 7, 5, 7, 3, 4, 4, 5, 7), baselinePoints: 6);

        Assert.Empty(chart.Signals);
    }

    [Fact]
    public void AFallingTrendIsAnImprovementWhenLowerIsBetter()
    {
        // Mirror image: 9, 8, 8, 7, 6, 4 falls through five points once the repeated 8 is skipped.
        var chart = Chart(Counts(5, 7, 5, 7, 5, 7, 9, 8, 8, 7, 6, 4), baselinePoints: 6, direction: ImprovementDirection.Down);

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.Trend, "2025-07", "2025-12", 5, SignalSide.Low, SignalMeaning.Improvement), signal);
    }

    [Fact]
    public void RunChartsHaveNoLimitRules()
    {
        // 100 would be far outside any limit, but a run chart has none; it is one point, so no shift or trend.
        var chart = Chart(Counts([.. Baseline, 100]), baselinePoints: 6);

        Assert.Empty(chart.Signals);
    }
}
