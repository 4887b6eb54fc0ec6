using Impacte.Domain.Measures;
using static Impacte.Domain.Tests.Measures.Points;

namespace Impacte.Domain.Tests.Measures;

public class PChartTests
{
    /// <summary>
    /// Baseline of 12 months alternating 41/100 (0.41) and 159/300 (0.53): p̄ = (6×41 + 6×159) / (6×100 + 6×300)
    /// = 1200 / 2400 = 0.5 (the unpooled mean of the proportions would be 0.47). Then:
    /// 2026-01: 14/20 = 0.70, σ = √(0.25/20) ≈ 0.1118, limits 0.5 ± 0.3354 = 0.1646 to 0.8354: inside.
    /// 2026-02: 70/100 = 0.70, σ = √(0.25/100) = 0.05, limits 0.35 to 0.65: above the upper limit.
    /// 2026-03: 2/4 = 0.5, σ = √(0.25/4) = 0.25, limits 0.5 ± 0.75 = -0.25 to 1.25, clipped to 0 and 1.
    /// Nothing else fires: baseline points stay inside their 2σ lines (0.41 > 0.40; 0.53 < 0.5577), 2026-01 is
    /// inside its 2σ line (0.7236), the rise 0.41, 0.53, 0.70 is three points, and three points sit above p̄.
    /// </summary>
    private static MeasurePoint[] Audit() =>
    [
        .. Enumerable.Range(1, 12).Select(i => i % 2 == 1 ? Proportion(i, 41, 100) : Proportion(i, 159, 300)),
        Proportion(13, 14, 20),
        Proportion(14, 70, 100),
        Proportion(15, 2, 4),
    ];

    [Fact]
    public void CentreIsThePooledBaselineProportion()
    {
        var chart = Chart(Audit());

        Assert.Equal(ChartKind.P, chart.Kind);
        Assert.Equal(0.5m, chart.Centre);
        Assert.Null(chart.UpperLimit); // per point only
    }

    [Fact]
    public void LimitsFollowEachPointsDenominatorAndStayBetweenZeroAndOne()
    {
        var chart = Chart(Audit());

        (decimal, decimal) Limits(string period)
        {
            var point = chart.Points.Single(p => p.Period == period);
            return (Math.Round(point.LowerLimit!.Value, 4), Math.Round(point.UpperLimit!.Value, 4));
        }
        Assert.Equal((0.1646m, 0.8354m), Limits("2026-01"));
        Assert.Equal((0.35m, 0.65m), Limits("2026-02"));
        Assert.Equal((0m, 1m), Limits("2026-03"));
    }

    [Fact]
    public void TheSameProportionSignalsOnlyWhereItsDenominatorMakesItUnusual()
    {
        var chart = Chart(Audit());

        var signal = Assert.Single(chart.Signals);
        Assert.Equal(new ChartSignal(SignalRule.OutsideLimits, "2026-02", "2026-02", 1, SignalSide.High, SignalMeaning.Improvement), signal);
        Assert.Equal(0.7m, chart.Points.Single(p => p.Period == "2026-02").Value);
    }

    [Fact]
    public void APeriodWithNobodyEligibleIsSkippedNotPlottedAsZero()
    {
        // 0/0 in 2025-04 has no proportion; plotting 0 would put a point far below the median of 0.5.
        MeasurePoint[] points =
        [
            Proportion(1, 5, 10), Proportion(2, 4, 10), Proportion(3, 6, 10), Proportion(4, 0, 0),
            Proportion(5, 5, 10), Proportion(6, 4, 10), Proportion(7, 6, 10),
        ];

        var chart = Chart(points, baselinePoints: 6);

        Assert.DoesNotContain(chart.Points, p => p.Period == "2025-04");
        Assert.Equal(1, chart.PeriodsWithoutValue);
        Assert.Equal(0.5m, chart.Centre); // median of 0.5, 0.4, 0.6, 0.5, 0.4, 0.6
        Assert.Equal(6, chart.Baselines[0].Points);
    }
}
