using System.Text;
using System.Text.RegularExpressions;
using Impacte.Domain.Meetings;

namespace Impacte.Domain.Tests.Meetings;

public class CalendarInviteTests
{
    internal static readonly Guid MeetingId = Guid.Parse("0195f3a2-7c4e-7d1a-9b2c-3d4e5f607182");

    internal static CalendarInvite Invite(DateTimeOffset? start = null, int minutes = 90) => new()
    {
        MeetingId = MeetingId,
        Method = InviteMethod.Request,
        Sequence = 0,
        Stamp = new DateTimeOffset(2026, 6, 1, 9, 15, 42, TimeSpan.Zero),
        Start = start ?? new DateTimeOffset(2026, 7, 8, 11, 30, 0, TimeSpan.Zero),
        End = (start ?? new DateTimeOffset(2026, 7, 8, 11, 30, 0, TimeSpan.Zero)).AddMinutes(minutes),
        Summary = "Journal club: statins in over-75s",
        Location = "Seminar room 2, Riverside Surgery",
        Description = "Read the appraisal before the meeting.",
        Organizer = new CalendarPerson("Dr Asha Patel", "asha.patel@riverside.nhs.uk"),
        Attendees = [new CalendarPerson("Tom Reid", "tom.reid@riverside.nhs.uk")],
    };

    /// <summary>Undoes RFC 5545 folding: a CRLF followed by one space or tab disappears.</summary>
    internal static string[] Unfold(string ics) => Regex.Replace(ics, "\r\n[ \t]", "").Split("\r\n");

    /// <summary>The one line of a calendar or event property; the VTIMEZONE's own DTSTARTs are not looked at.</summary>
    private static string Property(string ics, string name)
    {
        var lines = Unfold(ics).ToList();
        var zone = lines.IndexOf("BEGIN:VTIMEZONE");
        lines.RemoveRange(zone, lines.IndexOf("END:VTIMEZONE") - zone + 1);
        return Assert.Single(lines, line => line.StartsWith(name + ":", StringComparison.Ordinal) || line.StartsWith(name + ";", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_is_a_whole_calendar_with_the_meeting_confirmed()
    {
        var ics = Invite().ToIcs();

        var lines = Unfold(ics);
        Assert.Equal(["BEGIN:VCALENDAR", "PRODID:-//IMPACTE//Journal club meetings//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:REQUEST"], lines[..5]);
        Assert.Equal(["END:VEVENT", "END:VCALENDAR", ""], lines[^3..]);
        Assert.Equal("UID:meeting-0195f3a2-7c4e-7d1a-9b2c-3d4e5f607182@impacte", Property(ics, "UID"));
        Assert.Equal("SEQUENCE:0", Property(ics, "SEQUENCE"));
        Assert.Equal("DTSTAMP:20260601T091542Z", Property(ics, "DTSTAMP"));
        Assert.Equal("DTSTART;TZID=Europe/London:20260708T123000", Property(ics, "DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/London:20260708T140000", Property(ics, "DTEND"));
        Assert.Equal("SUMMARY:Journal club: statins in over-75s", Property(ics, "SUMMARY"));
        Assert.Equal("LOCATION:Seminar room 2\\, Riverside Surgery", Property(ics, "LOCATION"));
        Assert.Equal("ORGANIZER;CN=\"Dr Asha Patel\":mailto:asha.patel@riverside.nhs.uk", Property(ics, "ORGANIZER"));
        Assert.Equal("ATTENDEE;CN=\"Tom Reid\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:tom.reid@riverside.nhs.uk", Property(ics, "ATTENDEE"));
        Assert.Equal("STATUS:CONFIRMED", Property(ics, "STATUS"));
        Assert.Equal("text/calendar; method=REQUEST; charset=utf-8", Invite().ContentType);
    }

    [Fact]
    public void A_cancellation_keeps_the_uid_and_carries_the_raised_sequence()
    {
        var request = Invite() with { Sequence = 2 };
        var cancel = request with { Method = InviteMethod.Cancel, Sequence = 3 };

        var ics = cancel.ToIcs();

        Assert.Equal("METHOD:CANCEL", Property(ics, "METHOD"));
        Assert.Equal("STATUS:CANCELLED", Property(ics, "STATUS"));
        Assert.Equal("SEQUENCE:3", Property(ics, "SEQUENCE"));
        Assert.Equal(Property(request.ToIcs(), "UID"), Property(ics, "UID"));
        Assert.Equal("SEQUENCE:2", Property(request.ToIcs(), "SEQUENCE"));
        Assert.Equal("text/calendar; method=CANCEL; charset=utf-8", cancel.ContentType);
    }

    [Fact]
    public void London_gets_a_vtimezone_with_last_Sunday_rules_for_March_and_October()
    {
        var lines = Unfold(Invite().ToIcs());

        var start = Array.IndexOf(lines, "BEGIN:VTIMEZONE");
        var end = Array.IndexOf(lines, "END:VTIMEZONE");
        Assert.Equal(
            [
                "BEGIN:VTIMEZONE", "TZID:Europe/London",
                "BEGIN:STANDARD", "DTSTART:20251026T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:20260329T010000", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
                "END:VTIMEZONE",
            ],
            lines[start..(end + 1)]);
        Assert.True(start < Array.IndexOf(lines, "BEGIN:VEVENT"));
    }

    [Fact]
    public void A_zone_without_clock_changes_gets_one_standard_observance()
    {
        var lines = Unfold((Invite() with { TimeZone = "Asia/Kolkata" }).ToIcs());

        var start = Array.IndexOf(lines, "BEGIN:VTIMEZONE");
        Assert.Equal(
            ["BEGIN:VTIMEZONE", "TZID:Asia/Kolkata", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "END:STANDARD", "END:VTIMEZONE"],
            lines[start..(start + 8)]);
        Assert.Contains("DTSTART;TZID=Asia/Kolkata:20260708T170000", lines);
    }

    [Fact]
    public void A_local_time_that_happens_twice_in_autumn_is_written_in_UTC_so_it_cannot_be_misread()
    {
        // 00:30 BST is unambiguous; the end, 00:30Z, is 01:30 BST, and 01:30 comes round again at 01:30Z (GMT).
        var ics = Invite(start: new DateTimeOffset(2026, 10, 24, 23, 30, 0, TimeSpan.Zero), minutes: 60).ToIcs();

        Assert.Equal("DTSTART;TZID=Europe/London:20261025T003000", Property(ics, "DTSTART"));
        Assert.Equal("DTEND:20261025T003000Z", Property(ics, "DTEND"));
    }

    [Fact]
    public void A_meeting_in_the_spring_forward_gap_is_written_at_the_time_the_clock_shows()
    {
        // Scheduled for 01:30, which that night does not have: it happens at 02:30 BST (01:30Z).
        var ics = Invite(start: new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), minutes: 60).ToIcs();

        Assert.Equal("DTSTART;TZID=Europe/London:20260329T023000", Property(ics, "DTSTART"));
        Assert.Equal("DTEND;TZID=Europe/London:20260329T033000", Property(ics, "DTEND"));
    }

    [Fact]
    public void Every_line_ends_in_CRLF_and_none_is_longer_than_75_octets()
    {
        var ics = (Invite() with { Summary = new string('x', 300), Description = string.Concat(Enumerable.Repeat("Évidence ➜ practice 🩺; ", 20)) }).ToIcs();

        Assert.EndsWith("\r\n", ics);
        Assert.DoesNotMatch("[^\r]\n|\r[^\n]", ics);
        Assert.All(ics.Split("\r\n"), line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 0, 75));
    }

    [Fact]
    public void A_long_unicode_summary_folds_between_characters_and_unfolds_to_itself()
    {
        // 200 characters mixing 1-, 2-, 3- and 4-byte UTF-8 so fold points land next to every width.
        var summary = string.Concat(Enumerable.Repeat("aé€🩺", 50));
        Assert.Equal(200, summary.EnumerateRunes().Count());

        var ics = (Invite() with { Summary = summary }).ToIcs();

        var bytes = Encoding.UTF8.GetBytes(ics);
        var physical = ics.Split("\r\n");
        var folded = physical.SkipWhile(l => !l.StartsWith("SUMMARY:", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith("SUMMARY:", StringComparison.Ordinal) || l.StartsWith(' ')).ToList();
        Assert.True(folded.Count > 1, "the summary should need folding");
        Assert.All(folded, line =>
        {
            Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75);
            // Whole characters on every line: no lone surrogate, and the UTF-8 of the line decodes back to it.
            Assert.Equal(line, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(line)));
        });
        Assert.Equal(ics, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        Assert.Equal($"SUMMARY:{summary}", Property(ics, "SUMMARY"));
    }

    [Fact]
    public void Text_is_escaped_so_no_user_text_can_start_a_property_of_its_own()
    {
        var ics = (Invite() with
        {
            Summary = "Statins\r\nSTATUS:CANCELLED\nEND:VEVENT",
            Location = "Room 1; upstairs, by the \\ sign",
            Description = "Line one\rLine two\u0007\u0000 bell",
        }).ToIcs();

        Assert.Equal(@"SUMMARY:Statins\nSTATUS:CANCELLED\nEND:VEVENT", Property(ics, "SUMMARY"));
        Assert.Equal(@"LOCATION:Room 1\; upstairs\, by the \\ sign", Property(ics, "LOCATION"));
        Assert.Equal(@"DESCRIPTION:Line one\nLine two bell", Property(ics, "DESCRIPTION"));
        Assert.Equal("STATUS:CONFIRMED", Property(ics, "STATUS"));
        Assert.Single(Unfold(ics), "END:VEVENT");
    }

    [Fact]
    public void A_name_cannot_break_out_of_its_quoted_parameter()
    {
        var ics = (Invite() with { Organizer = new CalendarPerson("Dr \"Ash\"\r\nATTENDEE:mailto:evil@example.com", "asha.patel@riverside.nhs.uk") }).ToIcs();

        Assert.Equal("ORGANIZER;CN=\"Dr 'Ash' ATTENDEE:mailto:evil@example.com\":mailto:asha.patel@riverside.nhs.uk", Property(ics, "ORGANIZER"));
        Assert.Single(Unfold(ics), line => line.StartsWith("ATTENDEE", StringComparison.Ordinal));
    }

    [Fact]
    public void An_online_link_is_the_url_and_closes_the_description()
    {
        var ics = (Invite() with { OnlineLink = new Uri("https://teams.example.com/meet/abc?id=1,2") }).ToIcs();

        Assert.Equal("URL:https://teams.example.com/meet/abc?id=1,2", Property(ics, "URL"));
        Assert.Equal(@"DESCRIPTION:Read the appraisal before the meeting.\n\nJoin online: https://teams.example.com/meet/abc?id=1\,2", Property(ics, "DESCRIPTION"));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("jo@practice.nhs.uk\r\nX-EVIL:1")]
    public void An_address_that_is_not_a_plain_mailbox_is_refused(string email)
    {
        var invite = Invite() with { Attendees = [new CalendarPerson("Jo", email)] };

        Assert.Throws<ArgumentException>(() => invite.ToIcs());
    }

    [Fact]
    public void Impossible_invites_are_refused()
    {
        Assert.Throws<ArgumentException>(() => (Invite() with { Sequence = -1 }).ToIcs());
        Assert.Throws<ArgumentException>(() => Invite(minutes: 0).ToIcs());
        Assert.Throws<ArgumentException>(() => (Invite() with { Summary = " " }).ToIcs());
        Assert.Throws<ArgumentException>(() => (Invite() with { OnlineLink = new Uri("javascript:alert(1)") }).ToIcs());
    }
}
