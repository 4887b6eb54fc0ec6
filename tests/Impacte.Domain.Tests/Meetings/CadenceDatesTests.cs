using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

public class CadenceDatesTests
{
    private static DateOnly[] Dates(string rule, DateOnly first, DateOnly last) => [.. Cadence.Parse(rule).Dates(first, last)];

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Second_Wednesday_falls_on_the_right_day_in_every_month_of_2027()
    {
        Assert.Equal(
            [
                D(2027, 1, 13), D(2027, 2, 10), D(2027, 3, 10), D(2027, 4, 14), D(2027, 5, 12), D(2027, 6, 9),
                D(2027, 7, 14), D(2027, 8, 11), D(2027, 9, 8), D(2027, 10, 13), D(2027, 11, 10), D(2027, 12, 8),
            ],
            Dates("FREQ=MONTHLY;BYDAY=2WE", D(2027, 1, 1), D(2027, 12, 31)));
    }

    [Fact]
    public void Every_two_weeks_counts_fortnights_from_the_first_date()
    {
        Assert.Equal(
            [D(2026, 9, 1), D(2026, 9, 15), D(2026, 9, 29), D(2026, 10, 13), D(2026, 10, 27), D(2026, 11, 10)],
            Dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", D(2026, 9, 1), D(2026, 11, 20)));
    }

    [Fact]
    public void Every_two_weeks_from_a_mid_week_first_date_skips_the_rest_of_that_week_not_a_whole_fortnight()
    {
        // First date Wednesday 2 September: that week's Tuesday has passed, the next fortnight's is the first.
        Assert.Equal(
            [D(2026, 9, 15), D(2026, 9, 29)],
            Dates("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", D(2026, 9, 2), D(2026, 10, 5)));
    }

    [Fact]
    public void Last_Friday_finds_the_last_one_whether_the_month_has_four_or_five()
    {
        Assert.Equal(
            [
                D(2026, 1, 30), D(2026, 2, 27), D(2026, 3, 27), D(2026, 4, 24), D(2026, 5, 29), D(2026, 6, 26),
                D(2026, 7, 31), D(2026, 8, 28), D(2026, 9, 25), D(2026, 10, 30), D(2026, 11, 27), D(2026, 12, 25),
            ],
            Dates("FREQ=MONTHLY;BYDAY=-1FR", D(2026, 1, 1), D(2026, 12, 31)));
    }

    [Fact]
    public void Weekly_on_two_days_gives_both_in_order()
    {
        Assert.Equal(
            [D(2026, 3, 2), D(2026, 3, 5), D(2026, 3, 9), D(2026, 3, 12)],
            Dates("FREQ=WEEKLY;BYDAY=TH,MO", D(2026, 3, 1), D(2026, 3, 14)));
    }

    [Fact]
    public void A_day_the_month_does_not_have_is_skipped()
    {
        Assert.Equal(
            [D(2026, 1, 31), D(2026, 3, 31), D(2026, 5, 31)],
            Dates("FREQ=MONTHLY;BYMONTHDAY=31", D(2026, 1, 1), D(2026, 6, 30)));
        Assert.Equal(
            [D(2026, 1, 29), D(2026, 4, 30)],
            Dates("FREQ=MONTHLY;BYDAY=5TH", D(2026, 1, 1), D(2026, 6, 30)));
    }

    [Fact]
    public void Last_day_of_the_month_follows_the_month_length()
    {
        Assert.Equal(
            [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31), D(2028, 4, 30)],
            Dates("FREQ=MONTHLY;BYMONTHDAY=-1", D(2028, 1, 1), D(2028, 4, 30)));
    }

    [Fact]
    public void Every_three_months_counts_from_the_first_dates_month()
    {
        Assert.Equal(
            [D(2026, 2, 15), D(2026, 5, 15), D(2026, 8, 15), D(2026, 11, 15)],
            Dates("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", D(2026, 2, 1), D(2026, 12, 31)));
    }

    [Fact]
    public void Count_counts_from_the_first_date_and_stops()
    {
        Assert.Equal(
            [D(2026, 1, 14), D(2026, 2, 11), D(2026, 3, 11)],
            Dates("FREQ=MONTHLY;BYDAY=2WE;COUNT=3", D(2026, 1, 1), D(2030, 1, 1)));
    }

    [Fact]
    public void Until_is_the_last_date_a_meeting_may_fall_on()
    {
        Assert.Equal(
            [D(2026, 1, 14), D(2026, 2, 11)],
            Dates("FREQ=MONTHLY;BYDAY=2WE;UNTIL=20260211", D(2026, 1, 1), D(2030, 1, 1)));
    }

    [Fact]
    public void The_first_date_is_a_meeting_only_when_it_fits_the_rule()
    {
        Assert.Equal(D(2026, 1, 14), Dates("FREQ=MONTHLY;BYDAY=2WE", D(2026, 1, 14), D(2026, 2, 28))[0]);
        Assert.Equal(D(2026, 2, 11), Dates("FREQ=MONTHLY;BYDAY=2WE", D(2026, 1, 15), D(2026, 2, 28))[0]);
    }

    [Fact]
    public void A_rule_that_can_never_match_ends_instead_of_running_forever()
    {
        // Every twelve months from February: there is never a 30 February.
        Assert.Empty(Dates("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30", D(2026, 2, 1), DateOnly.MaxValue));
    }
}
