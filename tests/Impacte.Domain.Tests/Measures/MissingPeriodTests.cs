using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class MissingPeriodTests
{
    [Fact]
    public void PointsEitherSideOfAMissingPeriodAreConsecutiveNotSeparatedByAZero()
    {
        // Baseline 4, 2, 4, 2, 4, 2 (2025-01 to 2025-06): median 3, ending below it. Then 5, 6, 5, 6, 5, 6 measured in 2025-07, -09,
        // -10, -12, 2026-01 and 2026-03, with 2025-08, 2025-11 and 2026-02 missing. Skipping the gaps, six points
        // in a row are above 3: a shift. Read as zeros, the gaps would break the run three times.
        MeasurePoint[] points =
        [
            .. Counts(4, 2, 4, 2, 4, 2),
            Count(7, 5), Count(9, 6), Count(10, 5), Count(12, 6), Count(13, 5), Count(15, 6),
        ];

        var chart = Chart(points, baselinePoints: 6);

        Assert.Equal(12, chart.Points.Count);
        Assert.Equal(3, chart.PeriodsWithoutValue);
        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.Shift, "2025-07", "2026-03", 6, SignalSide.High, SignalMeaning.Improvement), signal);
    }

    [Fact]
    public void MovingRangesJoinTheMeasuredNeighboursOfAMissingPeriod()
    {
        // 12, 10, … over 2025-01 to 2026-01 with 2025-07 missing: 12 points, every moving range 2 (across the gap
        // 10 -> 12 as well), limits 11 ± 2.66 × 2 = 5.68 to 16.32. A zero in 2025-07 would add ranges of 10 and 12.
        MeasurePoint[] points =
        [
            .. Counts(12, 10, 12, 10, 12, 10),
            Count(8, 12), Count(9, 10), Count(10, 12), Count(11, 10), Count(12, 12), Count(13, 10),
        ];

        var chart = Chart(points);

        Assert.Equal(ChartKind.XmR, chart.Kind);
        Assert.Equal((11m, 16.32m, 5.68m), (chart.Centre, chart.UpperLimit, chart.LowerLimit));
    }
}
