using System.Globalization;
using System.Text.RegularExpressions;

namespace Impacte.Domain.Measures;

/// <summary>
/// A month ("2026-10") or an ISO week ("2026-W43"). <see cref="Ordinal"/> counts periods so that consecutive ones
/// differ by 1 (months from year 0; weeks as Monday's day number / 7), which is what charts use to see gaps.
/// </summary>
public readonly partial record struct MeasurePeriod(MeasurePeriodKind Kind, int Ordinal)
{
    /// <summary>Years a period may fall in: anything else is a typing slip.</summary>
    public const int FirstYear = 2000, LastYear = 2100;

    public DateOnly Start => Kind == MeasurePeriodKind.Month
        ? new DateOnly(Ordinal / 12, Ordinal % 12 + 1, 1)
        : DateOnly.FromDayNumber(Ordinal * 7);

    /// <summary>The last day of the period.</summary>
    public DateOnly End => Kind == MeasurePeriodKind.Month ? Start.AddMonths(1).AddDays(-1) : Start.AddDays(6);

    public string Label => Kind == MeasurePeriodKind.Month
        ? Start.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : $"{ISOWeek.GetYear(Start.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(Start.ToDateTime(TimeOnly.MinValue)):00}";

    public MeasurePeriod Previous => this with { Ordinal = Ordinal - 1 };

    public override string ToString() => Label;

    /// <summary>The period a day falls in.</summary>
    public static MeasurePeriod Containing(MeasurePeriodKind kind, DateOnly day) => kind == MeasurePeriodKind.Month
        ? new(kind, day.Year * 12 + day.Month - 1)
        // DayNumber 0 (1 January 0001) was a Monday, so every ISO week starts on a multiple of 7.
        : new(kind, day.DayNumber / 7);

    /// <summary>Reads "2026-10" (month) or "2026-W43" (week); false when malformed, of the other kind, or out of range.</summary>
    public static bool TryParse(MeasurePeriodKind kind, string? text, out MeasurePeriod period)
    {
        period = default;
        if (text is null) return false;
        var match = (kind == MeasurePeriodKind.Month ? MonthPattern() : WeekPattern()).Match(text);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year is < FirstYear or > LastYear) return false;
        if (kind == MeasurePeriodKind.Month)
        {
            if (number is < 1 or > 12) return false;
            period = new(kind, year * 12 + number - 1);
            return true;
        }
        if (number < 1 || number > ISOWeek.GetWeeksInYear(year)) return false;
        period = Containing(kind, DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday)));
        return true;
    }

    /// <summary>What a person should type, for error messages.</summary>
    public static string Example(MeasurePeriodKind kind) => kind == MeasurePeriodKind.Month ? "2026-10" : "2026-W43";

    [GeneratedRegex(@"^(\d{4})-(\d{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekPattern();
}
