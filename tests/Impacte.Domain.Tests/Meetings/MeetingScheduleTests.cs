using Impacte.Domain.Common;
using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

public class MeetingScheduleTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateTimeOffset At(DateOnly date, int hour, int minute = 0) => new(date.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.Zero);

    private static MeetingSchedule Schedule(string rule, DateOnly first, TimeOnly start, int minutes = 60, string? zone = "Europe/London") =>
        new(Cadence.Parse(rule), first, start, TimeSpan.FromMinutes(minutes), zone);

    [Fact]
    public void A_lunchtime_meeting_stays_at_half_past_twelve_local_in_winter_and_summer()
    {
        var schedule = Schedule("FREQ=MONTHLY;BYDAY=2WE", new DateOnly(2026, 1, 1), new TimeOnly(12, 30), minutes: 90);

        var meetings = schedule.Between(Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)).ToList();

        Assert.Equal(12, meetings.Count);
        var january = meetings[0];
        Assert.Equal(new MeetingOccurrence(new DateOnly(2026, 1, 14), Utc(2026, 1, 14, 12, 30), Utc(2026, 1, 14, 14, 0)), january);
        var july = meetings[6];
        Assert.Equal(new MeetingOccurrence(new DateOnly(2026, 7, 8), Utc(2026, 7, 8, 11, 30), Utc(2026, 7, 8, 13, 0)), july);
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(12, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.StartUtc, London).DateTime)));
    }

    [Theory]
    [InlineData(2026, 3, 29, true)]
    [InlineData(2026, 10, 25, false)]
    [InlineData(2027, 3, 28, true)]
    [InlineData(2027, 10, 31, false)]
    public void Meetings_on_a_clock_change_weekend_keep_their_local_time(int year, int month, int sunday, bool springForward)
    {
        var everyDay = Schedule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", new DateOnly(year, 1, 1), new TimeOnly(12, 30));
        var changeDay = new DateOnly(year, month, sunday);

        var meetings = everyDay.Between(At(changeDay.AddDays(-2), 0), At(changeDay.AddDays(2), 0)).ToList();

        Assert.Equal([changeDay.AddDays(-2), changeDay.AddDays(-1), changeDay, changeDay.AddDays(1)], meetings.Select(m => m.Date));
        // GMT (12:30Z) before and BST (11:30Z) after in spring, the other way round in autumn; the change is at 01:00Z that Sunday.
        var (before, after) = springForward ? (12, 11) : (11, 12);
        Assert.Equal(
            [At(changeDay.AddDays(-2), before, 30), At(changeDay.AddDays(-1), before, 30), At(changeDay, after, 30), At(changeDay.AddDays(1), after, 30)],
            meetings.Select(m => m.StartUtc));
        Assert.All(meetings, m => Assert.Equal(new TimeOnly(12, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(m.StartUtc, London).DateTime)));
    }

    [Theory]
    [InlineData(2026, 3, 29)]
    [InlineData(2027, 3, 28)]
    public void A_time_in_the_spring_forward_gap_moves_forward_by_the_gap(int year, int month, int day)
    {
        // 01:30 never shows on a London clock that night; it becomes 02:30 BST, which is 01:30Z.
        var meeting = SundayAt(new DateOnly(year, month, day), new TimeOnly(1, 30));

        Assert.Equal(Utc(year, month, day, 1, 30), meeting.StartUtc);
        Assert.Equal(new TimeOnly(2, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(meeting.StartUtc, London).DateTime));
    }

    [Theory]
    [InlineData(2026, 10, 25)]
    [InlineData(2027, 10, 31)]
    public void A_time_that_happens_twice_in_autumn_means_the_first_the_summer_time_one(int year, int month, int day)
    {
        // 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT); the first is the meeting.
        var meeting = SundayAt(new DateOnly(year, month, day), new TimeOnly(1, 30));

        Assert.Equal(Utc(year, month, day, 0, 30), meeting.StartUtc);
    }

    private static MeetingOccurrence SundayAt(DateOnly sunday, TimeOnly time, int minutes = 60) =>
        Schedule("FREQ=WEEKLY;BYDAY=SU", sunday, time, minutes).Between(At(sunday, 0), At(sunday.AddDays(1), 0)).Single();

    [Fact]
    public void Duration_is_elapsed_time_even_across_the_clock_change()
    {
        // 00:30 to 02:30 on the spring-forward night is two hours long, so it ends at 03:30 BST.
        var meeting = SundayAt(new DateOnly(2026, 3, 29), new TimeOnly(0, 30), minutes: 120);

        Assert.Equal(Utc(2026, 3, 29, 0, 30), meeting.StartUtc);
        Assert.Equal(Utc(2026, 3, 29, 2, 30), meeting.EndUtc);
    }

    [Fact]
    public void The_window_holds_meetings_that_start_in_it_including_its_start_but_not_its_end()
    {
        var schedule = Schedule("FREQ=WEEKLY;BYDAY=TU", new DateOnly(2026, 1, 1), new TimeOnly(12, 30));

        var meetings = schedule.Between(Utc(2026, 1, 6, 12, 30), Utc(2026, 1, 20, 12, 30)).ToList();

        Assert.Equal([new DateOnly(2026, 1, 6), new DateOnly(2026, 1, 13)], meetings.Select(m => m.Date));
    }

    [Fact]
    public void Count_is_counted_from_the_first_date_not_from_the_window()
    {
        var schedule = Schedule("FREQ=MONTHLY;BYDAY=2WE;COUNT=3", new DateOnly(2026, 1, 1), new TimeOnly(12, 30));

        var meetings = schedule.Between(Utc(2026, 2, 1, 0), Utc(2027, 1, 1, 0)).ToList();

        Assert.Equal([new DateOnly(2026, 2, 11), new DateOnly(2026, 3, 11)], meetings.Select(m => m.Date));
    }

    [Fact]
    public void Another_zone_keeps_its_own_local_time()
    {
        var schedule = Schedule("FREQ=MONTHLY;BYMONTHDAY=15", new DateOnly(2026, 1, 1), new TimeOnly(18, 0), zone: "America/New_York");

        var meetings = schedule.Between(Utc(2026, 1, 1, 0), Utc(2026, 8, 1, 0)).ToList();

        Assert.Equal(Utc(2026, 1, 15, 23, 0), meetings[0].StartUtc);
        Assert.Equal(Utc(2026, 7, 15, 22, 0), meetings[6].StartUtc);
    }

    [Fact]
    public void A_blank_time_zone_means_London()
    {
        Assert.Equal("Europe/London", Schedule("FREQ=WEEKLY;BYDAY=TU", new DateOnly(2026, 1, 1), new TimeOnly(12, 30), zone: " ").TimeZone.Id);
    }

    [Fact]
    public void An_unknown_time_zone_or_a_bad_duration_is_refused_by_field()
    {
        var zone = Assert.Throws<DomainValidationException>(() => Schedule("FREQ=WEEKLY;BYDAY=TU", new DateOnly(2026, 1, 1), new TimeOnly(12, 30), zone: "Mars/Olympus"));
        Assert.Equal(["'Mars/Olympus' is not a time zone. Use an IANA name such as Europe/London."], zone.Errors["timeZone"]);

        var duration = Assert.Throws<DomainValidationException>(() => Schedule("FREQ=WEEKLY;BYDAY=TU", new DateOnly(2026, 1, 1), new TimeOnly(12, 30), minutes: 0));
        Assert.Equal(["The duration must be more than zero and at most 24 hours."], duration.Errors["duration"]);
    }

    [Fact]
    public void MeetingTime_applies_the_same_rules_to_a_one_off_meeting()
    {
        Assert.Equal(Utc(2026, 1, 14, 12, 30), MeetingTime.ToUtc(new DateOnly(2026, 1, 14), new TimeOnly(12, 30), London));
        Assert.Equal(Utc(2026, 7, 8, 11, 30), MeetingTime.ToUtc(new DateOnly(2026, 7, 8), new TimeOnly(12, 30), London));
        Assert.Equal(Utc(2026, 3, 29, 1, 30), MeetingTime.ToUtc(new DateOnly(2026, 3, 29), new TimeOnly(1, 30), London));
        Assert.Equal(Utc(2026, 10, 25, 0, 30), MeetingTime.ToUtc(new DateOnly(2026, 10, 25), new TimeOnly(1, 30), London));
    }
}
