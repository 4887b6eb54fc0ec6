using Impacte.Domain.Clubs;
using Impacte.Domain.Common;

namespace Impacte.Domain.Meetings;

/// <summary>One meeting of a schedule: its club-local date and its start and end as UTC instants.</summary>
public readonly record struct MeetingOccurrence(DateOnly Date, DateTimeOffset StartUtc, DateTimeOffset EndUtc);

/// <summary>
/// A club's regular meetings: a <see cref="Cadence"/> from a first date, at a local wall-clock time in the club's
/// time zone. The local time holds across daylight-saving changes (12:30 is 12:30Z in January, 11:30Z in July);
/// the duration is elapsed time, so a meeting across a clock change still lasts as long.
/// </summary>
public sealed class MeetingSchedule
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <param name="firstDate">The first date a meeting may fall on (the rule's DTSTART date); INTERVAL and COUNT count from it.</param>
    /// <param name="timeZone">The club's IANA time zone; blank means <see cref="Club.DefaultTimeZone"/>.</param>
    /// <exception cref="DomainValidationException">The duration or the time zone is not valid.</exception>
    public MeetingSchedule(Cadence cadence, DateOnly firstDate, TimeOnly startTime, TimeSpan duration, string? timeZone = Club.DefaultTimeZone)
    {
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
            throw new DomainValidationException("duration", "The duration must be more than zero and at most 24 hours.");
        Cadence = cadence;
        FirstDate = firstDate;
        StartTime = startTime;
        Duration = duration;
        TimeZone = MeetingTime.FindZone(timeZone);
    }

    public Cadence Cadence { get; }
    public DateOnly FirstDate { get; }
    public TimeOnly StartTime { get; }
    public TimeSpan Duration { get; }
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The meetings starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in order.</summary>
    public IEnumerable<MeetingOccurrence> Between(DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        // One local day past the window's end covers any zone's offset; the exact cut is made on the instants.
        var lastDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(toUtc, TimeZone).DateTime).AddDays(1);
        // Dates run from FirstDate even when the window starts later, so COUNT counts every meeting.
        foreach (var date in Cadence.Dates(FirstDate, lastDate))
        {
            var start = MeetingTime.ToUtc(date, StartTime, TimeZone);
            if (start >= toUtc) yield break;
            if (start >= fromUtc) yield return new MeetingOccurrence(date, start, start + Duration);
        }
    }
}

/// <summary>Club-local wall-clock time to UTC, with the daylight-saving edge cases settled once for every caller.</summary>
public static class MeetingTime
{
    /// <summary>
    /// The UTC instant of <paramref name="time"/> on <paramref name="date"/> in <paramref name="zone"/>, read the way
    /// RFC 5545 §3.3.5 reads a DTSTART with a TZID, so our instants agree with every calendar client's:
    /// <list type="bullet">
    /// <item>a time in the spring-forward gap, which never shows on a clock, takes the offset from before the gap,
    /// so it moves forward by the gap (01:30 on 29 March 2026 in London is 02:30 BST, 01:30Z);</item>
    /// <item>a time that happens twice in the autumn means the first, still-summer one (01:30 on 25 October 2026 in
    /// London is 01:30 BST, 00:30Z).</item>
    /// </list>
    /// </summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var offset = zone.IsInvalidTime(local)
            // No zone changes its clocks twice in a day, so a day earlier is on the offset from before the gap.
            ? zone.GetUtcOffset(local.AddDays(-1))
            : zone.IsAmbiguousTime(local)
                // The first occurrence is the earlier instant: the larger offset.
                ? zone.GetAmbiguousTimeOffsets(local).Max()
                : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The club's time zone by IANA name (blank means Europe/London).</summary>
    /// <exception cref="DomainValidationException">The name is not an IANA time zone on this machine.</exception>
    public static TimeZoneInfo FindZone(string? timeZone)
    {
        var errors = new Dictionary<string, string[]>();
        var id = ClubRules.ValidTimeZone(timeZone, errors);
        ClubRules.ThrowIfAny(errors);
        return TimeZoneInfo.FindSystemTimeZoneById(id);
    }
}
