using System.Text;
using System.Text.RegularExpressions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>
/// Why IMPACTE writes its ICS itself (<c>IcsWriter</c>, <c>VTimeZone</c>) while Ical.Net expands the cadence: each test
/// shows one thing Ical.Net 5.2.4's writer gets wrong that ours gets right (README, Developing). When one of these
/// fails after an upgrade, Ical.Net has fixed that case: look again at moving that part of the writing to it.
/// </summary>
public class IcalNetWriterTests
{
    private const string StillBroken = "Ical.Net now gets this right: see README (Developing) and reconsider writing this part with it.";

    private static string Write(Action<Calendar, CalendarEvent> fill)
    {
        var calendar = new Calendar();
        var meeting = new CalendarEvent { Uid = "meeting@impacte", DtStamp = new CalDateTime(2026, 6, 1, 9, 0, 0, "UTC") };
        calendar.Events.Add(meeting);
        fill(calendar, meeting);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    [Fact]
    public void Ical_Net_folds_between_the_two_halves_of_an_emoji_which_our_folding_never_does()
    {
        // Ical.Net folds UTF-16 code unit by code unit; at some offsets the fold lands inside a surrogate pair.
        var lost = Enumerable.Range(0, 8).Select(pad => new string('x', pad) + string.Concat(Enumerable.Repeat("🩺", 60))).Where(summary =>
        {
            var ics = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(Write((_, e) => e.Summary = summary)));
            return !Regex.Replace(ics, "\r\n[ \t]", "").Contains($"SUMMARY:{summary}\r\n", StringComparison.Ordinal);
        });
        Assert.True(lost.Any(), StillBroken);

        foreach (var summary in Enumerable.Range(0, 8).Select(pad => new string('x', pad) + string.Concat(Enumerable.Repeat("🩺", 60))))
        {
            var ours = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes((CalendarInviteTests.Invite() with { Summary = summary }).ToIcs()));
            Assert.Contains($"SUMMARY:{summary}", CalendarInviteTests.Unfold(ours));
        }
    }

    [Fact]
    public void Ical_Net_lets_a_line_break_in_a_name_start_a_property_of_its_own()
    {
        var ics = Write((_, e) => e.Organizer = new Organizer("mailto:asha.patel@riverside.nhs.uk") { CommonName = "Dr Ash\r\nATTENDEE:mailto:evil@example.com" });

        Assert.True(ics.Contains("\r\nATTENDEE:mailto:evil@example.com", StringComparison.Ordinal), StillBroken);
    }

    [Fact]
    public void Ical_Net_gives_Dublin_a_winter_offset_an_hour_out_in_its_VTIMEZONE()
    {
        // Dublin's tz data calls winter (GMT, +0000) the negative "daylight saving"; Ical.Net then writes October's
        // change as +0200 to +0100 and winter's +0000 appears nowhere, so a calendar reading its VTIMEZONE puts a
        // winter meeting an hour early (Python's icalendar: 12:30 on 13 January 2027 came out as 11:30Z).
        var ics = Write((c, _) => c.AddTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Dublin"), new DateTime(2026, 1, 13), false));

        Assert.True(!ics.Contains("TZOFFSETTO:+0000", StringComparison.Ordinal), StillBroken);

        var ours = (CalendarInviteTests.Invite(new DateTimeOffset(2027, 1, 13, 12, 30, 0, TimeSpan.Zero)) with { TimeZone = "Europe/Dublin" }).ToIcs();
        Assert.Contains("TZOFFSETTO:+0000", CalendarInviteTests.Unfold(ours));
    }
}
