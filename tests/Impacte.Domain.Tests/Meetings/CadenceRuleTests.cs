using Impacte.Domain.Common;
using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

public class CadenceRuleTests
{
    [Theory]
    [InlineData("FREQ=MONTHLY;BYDAY=2WE", "Monthly on the second Wednesday")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "Every two weeks on Tuesday")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO,TH", "Weekly on Monday and Thursday")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1FR", "Monthly on the last Friday")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=15", "Monthly on day 15")]
    [InlineData("FREQ=WEEKLY;BYDAY=FR,MO,WE", "Weekly on Monday, Wednesday and Friday")]
    [InlineData("FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", "Every three months on the first Monday")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1TU,1TU,3TU", "Monthly on the first, third and last Tuesday")]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO,3WE", "Monthly on the first Monday and the third Wednesday")]
    [InlineData("FREQ=MONTHLY;BYDAY=-2TH", "Monthly on the second-to-last Thursday")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=15,1", "Monthly on days 1 and 15")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-1", "Monthly on the last day")]
    [InlineData("FREQ=WEEKLY;INTERVAL=13;BYDAY=SU", "Every 13 weeks on Sunday")]
    [InlineData("FREQ=MONTHLY;BYDAY=2WE;COUNT=10", "Monthly on the second Wednesday, 10 times")]
    [InlineData("FREQ=MONTHLY;BYDAY=2WE;UNTIL=20271231", "Monthly on the second Wednesday, until 31 December 2027")]
    public void Describe_reads_the_rule_as_plain_English(string rule, string expected) =>
        Assert.Equal(expected, Cadence.Parse(rule).Describe());

    [Theory]
    [InlineData("RRULE:freq=monthly;byday=2we", "FREQ=MONTHLY;BYDAY=2WE")]
    [InlineData(" FREQ=WEEKLY ; INTERVAL=1 ; BYDAY=TH,MO,TH ; ", "FREQ=WEEKLY;BYDAY=MO,TH")]
    [InlineData("FREQ=MONTHLY;BYDAY=+2WE;INTERVAL=2;COUNT=6", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE;COUNT=6")]
    [InlineData("BYMONTHDAY=15;FREQ=MONTHLY;UNTIL=20270630", "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270630")]
    public void Parse_accepts_any_case_order_and_spacing_and_stores_one_canonical_form(string rule, string canonical)
    {
        var cadence = Cadence.Parse(rule);

        Assert.Equal(canonical, cadence.ToString());
        Assert.Equal(cadence, Cadence.Parse(canonical));
    }

    [Fact]
    public void Parse_exposes_the_parts_of_the_rule()
    {
        var cadence = Cadence.Parse("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;COUNT=5");

        Assert.Equal(CadenceFrequency.Monthly, cadence.Frequency);
        Assert.Equal(2, cadence.Interval);
        Assert.Equal([new CadenceDay(DayOfWeek.Friday, -1)], cadence.Days);
        Assert.Empty(cadence.MonthDays);
        Assert.Equal(5, cadence.Count);
        Assert.Null(cadence.Until);
    }

    [Theory]
    [InlineData("", "Enter a rule such as FREQ=MONTHLY;BYDAY=2WE")]
    [InlineData("BYDAY=TU", "FREQ is missing: start with FREQ=WEEKLY or FREQ=MONTHLY")]
    [InlineData("FREQ=HOURLY", "FREQ=HOURLY is not supported: use WEEKLY or MONTHLY")]
    [InlineData("FREQ=DAILY;BYDAY=TU", "FREQ=DAILY is not supported: use WEEKLY or MONTHLY")]
    [InlineData("FREQ=WEEKLY;BYDAY=TUESDAY", "BYDAY must be like 2WE or TU; 'TUESDAY' is not")]
    [InlineData("FREQ=MONTHLY;BYDAY=", "BYDAY must be like 2WE or TU")]
    [InlineData("FREQ=MONTHLY;BYDAY=6WE", "BYDAY week numbers run from 1 to 5, or -1 (the last) to -5; '6WE' has 6")]
    [InlineData("FREQ=MONTHLY;BYDAY=0WE", "BYDAY week numbers run from 1 to 5, or -1 (the last) to -5; '0WE' has 0")]
    [InlineData("FREQ=WEEKLY", "A weekly rule needs BYDAY, like BYDAY=TU or BYDAY=MO,TH")]
    [InlineData("FREQ=WEEKLY;BYDAY=2WE", "A weekly rule takes plain days in BYDAY, like TU; 2WE needs FREQ=MONTHLY")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;BYMONTHDAY=15", "BYMONTHDAY only goes with FREQ=MONTHLY")]
    [InlineData("FREQ=MONTHLY", "A monthly rule needs BYDAY, like BYDAY=2WE, or BYMONTHDAY, like BYMONTHDAY=15")]
    [InlineData("FREQ=MONTHLY;BYDAY=WE", "A monthly rule needs a week number in BYDAY, like 2WE or -1WE (the last); WE alone is not enough")]
    [InlineData("FREQ=MONTHLY;BYDAY=2WE;BYMONTHDAY=15", "Use BYDAY or BYMONTHDAY, not both")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be a day from 1 to 31, or -1 for the last day; '32' is not")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY must be a day from 1 to 31, or -1 for the last day; '0' is not")]
    [InlineData("FREQ=WEEKLY;INTERVAL=0;BYDAY=TU", "INTERVAL must be a whole number from 1 to 99")]
    [InlineData("FREQ=WEEKLY;INTERVAL=two;BYDAY=TU", "INTERVAL must be a whole number from 1 to 99")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;COUNT=-3", "COUNT must be a whole number from 1 to 1000")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;UNTIL=2027-12-31", "UNTIL must be a date like 20271231 (the last day a meeting may fall on)")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;UNTIL=20271231T235959Z", "UNTIL must be a date like 20271231 (the last day a meeting may fall on)")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;COUNT=3;UNTIL=20271231", "Use COUNT or UNTIL, not both")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;FREQ=MONTHLY", "FREQ is given twice")]
    [InlineData("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "BYSETPOS is not supported: use only FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT and UNTIL")]
    [InlineData("FREQ=WEEKLY;BYDAY=TU;WKST=SU", "WKST is not supported: use only FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT and UNTIL")]
    [InlineData("FREQ=WEEKLY;TUESDAY", "'TUESDAY' is not a rule part: write NAME=VALUE, separated by semicolons")]
    public void Parse_refuses_what_it_does_not_support_and_says_why(string rule, string message)
    {
        Assert.False(Cadence.TryParse(rule, out var cadence, out var error));
        Assert.Null(cadence);
        Assert.Equal(message, error);

        var thrown = Assert.Throws<DomainValidationException>(() => Cadence.Parse(rule));
        Assert.Equal([message], thrown.Errors[Cadence.Field]);
    }

    [Fact]
    public void Parse_refuses_a_missing_rule()
    {
        Assert.False(Cadence.TryParse(null, out _, out var error));
        Assert.Equal("Enter a rule such as FREQ=MONTHLY;BYDAY=2WE", error);
    }
}
