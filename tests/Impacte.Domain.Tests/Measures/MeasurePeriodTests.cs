using Impacte.Domain.Measures;

namespace Impacte.Domain.Tests.Measures;

public class MeasurePeriodTests
{
    [Theory]
    [InlineData("2026-10", "2026-10-01", "2026-10-31")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    public void AMonthReadsBackAsItsLabelAndSpansTheCalendarMonth(string text, string start, string end)
    {
        Assert.True(MeasurePeriod.TryParse(MeasurePeriodKind.Month, text, out var period));
        Assert.Equal(text, period.Label);
        Assert.Equal(DateOnly.Parse(start), period.Start);
        Assert.Equal(DateOnly.Parse(end), period.End);
    }

    [Theory]
    [InlineData("2026-W43", "2026-10-19")]
    [InlineData("2026-W53", "2026-12-28")] // 2026 has 53 ISO weeks
    [InlineData("2027-W01", "2027-01-04")]
    [InlineData("2025-W01", "2024-12-30")] // ISO week 1 can start in the year before
    public void AWeekIsAnIsoWeekStartingOnMonday(string text, string monday)
    {
        Assert.True(MeasurePeriod.TryParse(MeasurePeriodKind.Week, text, out var period));
        Assert.Equal(DateOnly.Parse(monday), period.Start);
        Assert.Equal(DayOfWeek.Monday, period.Start.DayOfWeek);
        Assert.Equal(text, period.Label);
    }

    [Fact]
    public void ConsecutivePeriodsHaveConsecutiveOrdinalsAcrossYearEnds()
    {
        MeasurePeriod.TryParse(MeasurePeriodKind.Month, "2025-12", out var december);
        MeasurePeriod.TryParse(MeasurePeriodKind.Month, "2026-01", out var january);
        MeasurePeriod.TryParse(MeasurePeriodKind.Week, "2026-W53", out var lastWeek);
        MeasurePeriod.TryParse(MeasurePeriodKind.Week, "2027-W01", out var firstWeek);

        Assert.Equal(december.Ordinal + 1, january.Ordinal);
        Assert.Equal(lastWeek.Ordinal + 1, firstWeek.Ordinal);
        Assert.Equal(december, january.Previous);
        Assert.Equal(firstWeek, MeasurePeriod.Containing(MeasurePeriodKind.Week, new DateOnly(2027, 1, 10)));
    }

    [Theory]
    [InlineData(MeasurePeriodKind.Month, "2026-13")]
    [InlineData(MeasurePeriodKind.Month, "2026-00")]
    [InlineData(MeasurePeriodKind.Month, "2026-1")]
    [InlineData(MeasurePeriodKind.Month, "2026-W43")]
    [InlineData(MeasurePeriodKind.Month, "1999-12")]
    [InlineData(MeasurePeriodKind.Month, "2101-01")]
    [InlineData(MeasurePeriodKind.Week, "2025-W53")] // 2025 has 52
    [InlineData(MeasurePeriodKind.Week, "2026-W00")]
    [InlineData(MeasurePeriodKind.Week, "2026-10")]
    [InlineData(MeasurePeriodKind.Week, null)]
    public void MalformedOrOutOfRangePeriodsAreRefused(MeasurePeriodKind kind, string? text) =>
        Assert.False(MeasurePeriod.TryParse(kind, text, out _));
}
