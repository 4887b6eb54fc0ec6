using Impacte.Domain.Cpd;
using Impacte.Domain.Measures;

namespace Impacte.Domain.Tests.Cpd;

public class CpdRulesTests
{
    [Theory]
    [InlineData(60, 1.0)]
    [InlineData(90, 1.5)]
    [InlineData(45, 0.75)]
    [InlineData(50, 0.83)]
    [InlineData(0, 0)]
    public void AMeetingCountsForItsLengthInHours(int minutes, double hours)
    {
        var start = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero); // across the clocks going forward: UTC instants count
        Assert.Equal((decimal)hours, CpdEvidence.Hours(start, start.AddMinutes(minutes)));
    }

    [Fact]
    public void TheDefaultPeriodIsTheLastTwelveMonthsIncludingToday()
    {
        var period = CpdPeriod.LastTwelveMonths(new DateOnly(2026, 11, 29));

        Assert.Equal(new DateOnly(2025, 11, 30), period.From);
        Assert.Equal(new DateOnly(2026, 11, 29), period.To);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero), period.EndUtc);
    }

    private static MeasureChart Chart(params (string Period, decimal Value)[] points) => new(
        ChartKind.Run, ImprovementDirection.Down, null, null, null,
        points.Select((p, i) => new ChartPoint(p.Period, i, p.Value * 100, 100, p.Value, 0.5m, null, null, i < 6)).ToList(),
        [], [new ChartSignal(SignalRule.Shift, "2026-01", "2026-06", 6, SignalSide.Low, SignalMeaning.Improvement)], 0, "");

    [Fact]
    public void AMeasureWhereLowerIsBetterMeetsItsStandardAtOrBelowIt()
    {
        var measure = new Measure { Name = "Patients on two antiplatelets", NumeratorDefinition = "n", DenominatorDefinition = "d", StandardPercent = 10, Direction = ImprovementDirection.Down };

        var result = MeasuredChangeResults.Read(measure, Chart(("2026-05", 0.12m), ("2026-06", 0.1m)));

        Assert.Equal("2026-06", result.LatestPeriod);
        Assert.Equal(10m, result.LatestValue);
        Assert.True(result.MeetsStandard);
        Assert.Equal("improvement", result.Signal);
        Assert.Equal("Patients on two antiplatelets: 10% in 2026-06 (standard 10%, met); improvement signal (shift, 2026-01 to 2026-06)", result.Summary);
    }

    [Fact]
    public void AMeasureWithoutPointsSaysSo()
    {
        var measure = new Measure { Name = "Falls asked about", NumeratorDefinition = "n" };
        var result = MeasuredChangeResults.Read(measure, Chart());
        Assert.Null(result.LatestValue);
        Assert.Equal("Falls asked about: no measurements yet", result.Summary);
    }
}
