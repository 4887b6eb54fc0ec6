using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class ChartChoiceTests
{
    [Theory]
    [InlineData(true, 12, ChartPreference.Automatic, ChartKind.P)]
    [InlineData(false, 12, ChartPreference.Automatic, ChartKind.XmR)]
    [InlineData(true, 11, ChartPreference.Automatic, ChartKind.Run)]
    [InlineData(false, 11, ChartPreference.Automatic, ChartKind.Run)]
    [InlineData(true, 12, ChartPreference.RunChart, ChartKind.Run)]
    [InlineData(false, 12, ChartPreference.RunChart, ChartKind.Run)]
    public void ProportionsGetAPChartCountsAnXmRAndShortBaselinesOrAPreferenceARunChart(
        bool proportions, int baselinePoints, ChartPreference preference, ChartKind expected)
    {
        var points = Enumerable.Range(1, 14)
            .Select(i => proportions ? Proportion(i, 4 + i % 2, 10) : Count(i, 4 + i % 2))
            .ToArray();

        Assert.Equal(expected, Chart(points, baselinePoints, preference: preference).Kind);
    }

    [Fact]
    public void AMeasureMixingProportionsAndCountsIsRefused()
    {
        MeasurePoint[] points = [Proportion(1, 1, 2), Count(2, 1)];

        Assert.Throws<ArgumentException>(() => Chart(points, 6));
    }

    [Fact]
    public void PointsOutOfPeriodOrderAreRefused()
    {
        MeasurePoint[] points = [Count(2, 1), Count(1, 1)];

        Assert.Throws<ArgumentException>(() => Chart(points, 6));
    }
}
