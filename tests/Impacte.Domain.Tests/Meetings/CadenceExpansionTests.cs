using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>
/// <see cref="Cadence.Dates"/> is Ical.Net's expansion; these tests hold it to the period-by-period reading of our
/// subset that IMPACTE used before Ical.Net, over hundreds of random rules, so a library upgrade that changes which
/// days come out (a first date that does not fit the rule counting as an occurrence, say) fails here rather than in a
/// club's calendar.
/// </summary>
public class CadenceExpansionTests
{
    private static readonly string[] Codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    [Fact]
    public void Ical_Net_gives_the_same_dates_as_the_rules_direct_reading_for_random_supported_rules()
    {
        var random = new Random(20261129);
        for (var i = 0; i < 500; i++)
        {
            var cadence = Cadence.Parse(RandomRule(random, out var first));
            var last = first.AddDays(random.Next(0, 1500));

            var expected = Reference.Dates(cadence, first, last).ToList();
            var actual = cadence.Dates(first, last).ToList();

            Assert.True(expected.SequenceEqual(actual),
                $"{cadence} from {first:yyyy-MM-dd} to {last:yyyy-MM-dd}: expected {string.Join(' ', expected)}, got {string.Join(' ', actual)}");
        }
    }

    [Fact]
    public void An_open_ended_rule_asked_for_dates_to_the_end_of_time_stops_at_the_end_of_the_calendar()
    {
        var dates = Cadence.Parse("FREQ=WEEKLY;BYDAY=TU").Dates(new DateOnly(9990, 1, 1), DateOnly.MaxValue).ToList();

        Assert.InRange(dates.Count, 500, 522);
        Assert.All(dates, d => Assert.Equal(DayOfWeek.Tuesday, d.DayOfWeek));
    }

    private static string RandomRule(Random random, out DateOnly first)
    {
        var weekly = random.Next(2) == 0;
        var parts = new List<string> { weekly ? "FREQ=WEEKLY" : "FREQ=MONTHLY" };
        if (random.Next(4) == 0) parts.Add($"INTERVAL={random.Next(2, 14)}");
        string[] Some(Func<string> pick) => [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => pick()).Distinct()];
        if (weekly)
            parts.Add("BYDAY=" + string.Join(',', Some(() => Codes[random.Next(7)])));
        else if (random.Next(2) == 0)
            parts.Add("BYDAY=" + string.Join(',', Some(() => $"{random.Next(1, 6) * (random.Next(2) == 0 ? 1 : -1)}{Codes[random.Next(7)]}")));
        else
            parts.Add("BYMONTHDAY=" + string.Join(',', Some(() => $"{random.Next(1, 32) * (random.Next(3) == 0 ? -1 : 1)}")));
        first = new DateOnly(2020, 1, 1).AddDays(random.Next(0, 5000));
        switch (random.Next(4))
        {
            case 0: parts.Add($"COUNT={random.Next(1, 40)}"); break;
            case 1: parts.Add($"UNTIL={first.AddDays(random.Next(-30, 1200)):yyyyMMdd}"); break;
        }
        return string.Join(';', parts);
    }

    /// <summary>The rule read period by period from the first date's week (from Monday) or month; the first date counts only if it fits.</summary>
    private static class Reference
    {
        public static IEnumerable<DateOnly> Dates(Cadence cadence, DateOnly first, DateOnly last)
        {
            var weekly = cadence.Frequency == CadenceFrequency.Weekly;
            var end = cadence.Until is { } until && until < last ? until : last;
            var remaining = cadence.Count ?? int.MaxValue;
            var period = weekly ? first.AddDays(-FromMonday(first.DayOfWeek)) : new DateOnly(first.Year, first.Month, 1);
            while (period <= end && period.Year < 9990)
            {
                foreach (var date in DatesIn(cadence, period))
                {
                    if (date < first) continue;
                    if (date > end) yield break;
                    yield return date;
                    if (--remaining == 0) yield break;
                }
                period = weekly ? period.AddDays(7 * cadence.Interval) : period.AddMonths(cadence.Interval);
            }
        }

        private static IEnumerable<DateOnly> DatesIn(Cadence cadence, DateOnly period)
        {
            if (cadence.Frequency == CadenceFrequency.Weekly)
                return cadence.Days.Select(d => period.AddDays(FromMonday(d.Day))).Order();
            var length = DateTime.DaysInMonth(period.Year, period.Month);
            var days = cadence.MonthDays.Count > 0
                ? cadence.MonthDays.Select(d => d > 0 ? d : length + 1 + d)
                : cadence.Days.Select(d => DayOfMonth(period, length, d));
            return days.Where(d => d >= 1 && d <= length).Distinct().Order().Select(d => period.AddDays(d - 1));
        }

        // The nth (or nth-from-last) weekday's day of the month; possibly outside the month, for the caller to drop.
        private static int DayOfMonth(DateOnly monthStart, int length, CadenceDay day)
        {
            if (day.Ordinal > 0) return 1 + ((int)day.Day - (int)monthStart.DayOfWeek + 7) % 7 + 7 * (day.Ordinal - 1);
            var lastWeekday = monthStart.AddDays(length - 1).DayOfWeek;
            return length - ((int)lastWeekday - (int)day.Day + 7) % 7 + 7 * (day.Ordinal + 1);
        }

        private static int FromMonday(DayOfWeek day) => ((int)day + 6) % 7;
    }
}
