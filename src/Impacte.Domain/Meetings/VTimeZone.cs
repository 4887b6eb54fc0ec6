using System.Globalization;

namespace Impacte.Domain.Meetings;

/// <summary>
/// Writes the VTIMEZONE (RFC 5545 §3.6.5) a calendar client needs to read a DTSTART;TZID near a given instant.
/// It is derived from the zone's actual offset changes in the year either side of that instant rather than from
/// <see cref="TimeZoneInfo.GetAdjustmentRules"/>, whose shape differs between Windows and the Linux tz database.
/// Changes that repeat on the same weekday of the same month (London: the last Sunday of March and of October)
/// become a yearly RRULE, as Outlook and others expect; anything else is listed with RDATE. It is exact for the
/// year either side of the meeting, which is all a client needs to place it. Ical.Net's own VTIMEZONE is not used:
/// it gives Europe/Dublin no winter (+0000) observance (<c>IcalNetWriterTests</c>, README "Developing").
/// </summary>
internal static class VTimeZone
{
    private static readonly string[] Codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    public static void Write(IcsWriter ics, TimeZoneInfo zone, DateTimeOffset around)
    {
        ics.Raw("BEGIN", "VTIMEZONE").Text("TZID", zone.Id);
        var scanFrom = around.UtcDateTime.Date.AddYears(-1);
        var transitions = CachedTransitions(zone, scanFrom, around.UtcDateTime.Date.AddYears(1));
        if (transitions.Count == 0 || transitions[0].Instant > around)
        {
            // No change before the meeting (a zone without daylight saving, or one about to start it): the offset
            // it has kept, from long before any meeting, so the meeting's time is always covered.
            var offset = zone.GetUtcOffset(new DateTimeOffset(scanFrom, TimeSpan.Zero));
            Observance(ics, "STANDARD", new DateTime(1970, 1, 1), offset, offset, rule: null, []);
        }
        foreach (var same in transitions.GroupBy(t => (t.From, t.To)))
        {
            var onsets = same.Select(t => t.Onset).ToList();
            // Named by direction, not by TimeZoneInfo's flag: Europe/Dublin's tz data calls winter the daylight-saving
            // time, and calendar clients expect DAYLIGHT to be the summer offset.
            var kind = same.Key.To > same.Key.From ? "DAYLIGHT" : "STANDARD";
            var rule = YearlyRule(onsets);
            Observance(ics, kind, onsets[0], same.Key.From, same.Key.To, rule, rule is null ? onsets.Skip(1) : []);
        }
        ics.Raw("END", "VTIMEZONE");
    }

    private static void Observance(IcsWriter ics, string kind, DateTime onset, TimeSpan from, TimeSpan to, string? rule, IEnumerable<DateTime> more)
    {
        ics.Raw("BEGIN", kind)
            .Raw("DTSTART", IcsWriter.Local(onset))
            .Raw("TZOFFSETFROM", Offset(from))
            .Raw("TZOFFSETTO", Offset(to));
        if (rule is not null) ics.Raw("RRULE", rule);
        foreach (var date in more) ics.Raw("RDATE", IcsWriter.Local(date));
        ics.Raw("END", kind);
    }

    /// <summary>"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" when every onset is that weekday of that month at the same time, in consecutive years.</summary>
    private static string? YearlyRule(List<DateTime> onsets)
    {
        // One change alone proves no pattern; it may be the zone's last.
        if (onsets.Count < 2) return null;
        var first = onsets[0];
        var length = DateTime.DaysInMonth(first.Year, first.Month);
        int[] ordinals = first.Day + 7 > length ? [-1, (first.Day + 6) / 7] : [(first.Day + 6) / 7];
        foreach (var ordinal in ordinals)
        {
            var fits = onsets.Select((onset, i) =>
                onset.Year == first.Year + i && onset.Month == first.Month && onset.TimeOfDay == first.TimeOfDay &&
                onset.DayOfWeek == first.DayOfWeek && NthWeekday(onset, ordinal) == onset.Day).All(ok => ok);
            if (fits) return $"FREQ=YEARLY;BYMONTH={first.Month};BYDAY={ordinal}{Codes[(int)first.DayOfWeek]}";
        }
        return null;
    }

    private static int NthWeekday(DateTime date, int ordinal)
    {
        var length = DateTime.DaysInMonth(date.Year, date.Month);
        return ordinal > 0 ? (date.Day - 1) % 7 + 1 + 7 * (ordinal - 1) : length - (length - date.Day) % 7;
    }

    private static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        var text = $"{sign}{abs.Hours:00}{abs.Minutes:00}";
        return abs.Seconds == 0 ? text : text + abs.Seconds.ToString("00", CultureInfo.InvariantCulture);
    }

    private readonly record struct Transition(DateTimeOffset Instant, TimeSpan From, TimeSpan To)
    {
        /// <summary>The local time the change happens at, on the clock before it, as an observance's DTSTART wants it.</summary>
        public DateTime Onset => Instant.UtcDateTime + From;
    }

    /// <summary>Offset changes in [from, to): a day-by-day scan, then a bisection to the exact second.</summary>
    // A reading pack writes one invitation per member, all around the same day: the two-year scan (730 offset
    // look-ups) is done once per zone and day, not once per email. Cleared when large; the entries never go stale.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Zone, DateTime From), List<Transition>> Cache = new();

    private static List<Transition> CachedTransitions(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        if (Cache.Count > 1000) Cache.Clear();
        return Cache.GetOrAdd((zone.Id, fromUtc), _ => Transitions(zone, fromUtc, toUtc));
    }

    private static List<Transition> Transitions(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        TimeSpan OffsetAt(long seconds) => zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(seconds));

        var found = new List<Transition>();
        var day = new DateTimeOffset(fromUtc, TimeSpan.Zero).ToUnixTimeSeconds();
        var end = new DateTimeOffset(toUtc, TimeSpan.Zero).ToUnixTimeSeconds();
        var offset = OffsetAt(day);
        for (; day < end; day += 86_400)
        {
            var next = OffsetAt(day + 86_400);
            if (next == offset) continue;
            // Assumes at most one change a day, true of every zone in the tz database.
            var (before, after) = (day, day + 86_400);
            while (after - before > 1)
            {
                var middle = before + (after - before) / 2;
                if (OffsetAt(middle) == offset) before = middle;
                else after = middle;
            }
            found.Add(new Transition(DateTimeOffset.FromUnixTimeSeconds(after), offset, next));
            offset = next;
        }
        return found;
    }
}
