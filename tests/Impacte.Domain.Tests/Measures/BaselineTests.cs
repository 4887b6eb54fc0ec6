using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class BaselineTests
{
    // 12, 10, 12, 10, 12, 10: median 11, ending below it. Then a new recall system lifts every month to 20 or 22.
    private static readonly MeasurePoint[] BeforeAndAfter = Counts(12, 10, 12, 10, 12, 10, 20, 22, 20, 22, 20, 22);

    [Fact]
    public void AStepChangeIsAShiftAgainstTheOriginalBaseline()
    {
        var chart = Chart(BeforeAndAfter, baselinePoints: 6);

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.Shift, "2025-07", "2025-12", 6, SignalSide.High, SignalMeaning.Improvement), signal);
    }

    [Fact]
    public void ARebaselineJudgesLaterPointsAgainstItsOwnCentreAndKeepsBoth()
    {
        // Re-baselined from 2025-07 on its first 6 points: 20, 22, … median 21. The new points alternate around 21,
        // so nothing fires; the first six keep the original median 11.
        var series = new MeasureSeries(BeforeAndAfter, Baseline.FirstPoints(6), ImprovementDirection.Up,
            Rebaselines: [Baseline.Rebaseline(7, 6, "New recall system from July")]);

        var chart = MeasureChart.Build(series);

        Assert.Empty(chart.Signals);
        Assert.Equal(21m, chart.Centre);
        Assert.Equal([11m, 11m, 11m, 11m, 11m, 11m, 21m, 21m, 21m, 21m, 21m, 21m], chart.Points.Select(p => p.Centre));
        Assert.Equal(
            [("2025-01", "2025-06", 11m, (string?)null), ("2025-07", "2025-12", 21m, "New recall system from July")],
            chart.Baselines.Select(b => (b.FromPeriod, b.ToPeriod, b.Centre, b.Reason)));
        Assert.Contains("Re-baselined from 2025-07: New recall system from July.", chart.Description);
    }

    [Fact]
    public void RunsDoNotCrossARebaseline()
    {
        // Both medians sit at 11 (original 10, 12 … and re-baseline 10, 12 …, read from 2025-07). 2025-04 to 2025-06
        // and 2025-07 to 2025-09 are all above 11: six in a row on one chart, but two runs of three on two.
        var points = Counts(10, 10, 10, 12, 12, 12, 12, 12, 12, 10, 10, 10);
        var series = new MeasureSeries(points, Baseline.FirstPoints(6), ImprovementDirection.Up,
            Rebaselines: [Baseline.Rebaseline(7, 6, "Search widened")]);

        Assert.Single(Chart(points, baselinePoints: 6).Signals, s => s.Rule == SignalRule.Shift);
        Assert.DoesNotContain(MeasureChart.Build(series).Signals, s => s.Rule == SignalRule.Shift);
    }

    [Fact]
    public void AnExplicitRangeFreezesTheBaselineOnThosePeriodsOnly()
    {
        // Periods 2025-03 to 2025-08 hold 2, 4, 2, 4, 2, 4: median 3. The 100s before and the 9s after are
        // plotted against it but do not move it.
        var points = Counts(100, 100, 2, 4, 2, 4, 2, 4, 9, 9);

        var chart = MeasureChart.Build(new MeasureSeries(points, Baseline.Periods(3, 8), ImprovementDirection.Up));

        Assert.Equal(3m, chart.Centre);
        Assert.Equal(("2025-03", "2025-08", 6), (chart.Baselines[0].FromPeriod, chart.Baselines[0].ToPeriod, chart.Baselines[0].Points));
        Assert.Equal([false, false, true, true, true, true, true, true, false, false], chart.Points.Select(p => p.InBaseline));
    }

    [Fact]
    public void ABaselineStillBeingCollectedIsProvisional()
    {
        var chart = Chart(Counts(3, 5, 4, 6), baselinePoints: 6);

        Assert.True(chart.Baselines[0].Provisional);
        Assert.Equal(4.5m, chart.Centre); // median of 3, 4, 5, 6 so far
        Assert.Contains("This baseline has 4 of the 6 points it needs", chart.Description);
    }

    [Fact]
    public void ABaselineNeedsAtLeastSixPointsAndARebaselineAReason()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Baseline.FirstPoints(5));
        Assert.Throws<ArgumentException>(() => Baseline.Rebaseline(7, 6, " "));
        Assert.Throws<ArgumentException>(() => MeasureChart.Build(new MeasureSeries(Counts(1, 2, 3, 4, 5, 6, 7),
            Baseline.FirstPoints(6), ImprovementDirection.Up, Rebaselines: [Baseline.FirstPoints(6)])));
    }
}
