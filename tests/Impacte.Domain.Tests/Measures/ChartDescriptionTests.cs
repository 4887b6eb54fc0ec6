using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class ChartDescriptionTests
{
    [Fact]
    public void DescribesTheChartItsLimitsTheLatestValueAndEachSignal()
    {
        var chart = Chart(AfterXmRBaseline(17));

        Assert.Equal(
            "XmR chart of 13 points from 2025-01 to 2026-01; higher is better. "
            + "Baseline 2025-01 to 2025-12 (12 points): centre line 11, limits 5.68 to 16.32. "
            + "Latest value 17 in 2026-01 (limits 5.68 to 16.32). "
            + "Improvement: a point above the upper limit in 2026-01.",
            chart.Description);
    }

    [Fact]
    public void DescribesProportionsAsPercentagesAndSaysWhenNothingFired()
    {
        MeasurePoint[] points = [.. Enumerable.Range(1, 12).Select(i => Proportion(i, i % 2 == 1 ? 41 : 159, i % 2 == 1 ? 100 : 300))];

        var chart = Chart(points, direction: ImprovementDirection.Down);

        Assert.Equal(
            "P-chart (proportion) of 12 points from 2025-01 to 2025-12; lower is better. "
            + "Baseline 2025-01 to 2025-12 (12 points): centre line 50%, limits vary with each period's denominator. "
            + "Latest value 53% in 2025-12 (limits 41.3% to 58.7%). "
            + "No signals: the variation is what this process usually shows.",
            chart.Description);
    }

    [Fact]
    public void SaysHowManyPeriodsAreMissingAndThatTheyAreNotZeros()
    {
        var chart = Chart([.. Counts(2, 4, 2, 4, 2, 4), Count(9, 3)], baselinePoints: 6);

        Assert.Contains("2 periods without a value are skipped, not counted as zero.", chart.Description);
    }

    [Fact]
    public void AChartWithoutMeasurementsSaysSo()
    {
        var chart = Chart([], baselinePoints: 6);

        Assert.Equal("No measurements yet.", chart.Description);
        Assert.Empty(chart.Points);
    }
}
