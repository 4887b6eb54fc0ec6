using Impacte.Domain.Clubs;
using Impacte.Domain.Preferences;

namespace Impacte.Domain.Digests;

/// <summary>
/// The period one digest covers: from <see cref="Start"/> (the previous digest's hour) to <see cref="End"/> (this one's).
/// <see cref="Key"/> names the member and period: the outbox idempotency key, so a digest goes once per member and period
/// however many Workers run the job, and however often.
/// </summary>
public sealed record DigestPeriod(Guid UserId, DateTimeOffset Start, DateTimeOffset End, DateOnly StartDate, DigestFrequency Frequency)
{
    public string Key => $"digest:{UserId}:{StartDate:yyyy-MM-dd}";
}

/// <summary>
/// When a member's digest is due: on their day, from 07:00 in their own zone (the day's 07:00, whatever the clocks did
/// that weekend), for the rest of that local day, so an hourly job that missed a run still sends it. Fortnightly counts
/// whole weeks from a fixed Monday; monthly is the first of their weekday in the month.
/// </summary>
public static class DigestSchedule
{
    public static readonly TimeOnly Hour = new(7, 0);

    /// <summary>The Monday fortnights are counted from.</summary>
    private static readonly DateOnly FortnightEpoch = new(2024, 1, 1);

    /// <summary>
    /// The period whose digest is due now, or null. <paramref name="anyDay"/> (the local demo, and the admins' preview)
    /// treats today as the member's day at any hour: one digest per member per day.
    /// </summary>
    public static DigestPeriod? Due(MemberPreferences preferences, DateTimeOffset now, bool anyDay = false)
    {
        if (preferences.DigestFrequency == DigestFrequency.Off) return null;
        var zone = Club.ZoneOf(preferences.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (!anyDay)
        {
            if (local.DayOfWeek != preferences.DigestDay || TimeOnly.FromDateTime(local.DateTime) < Hour) return null;
            if (!IsSlot(preferences.DigestFrequency, today)) return null;
        }
        var start = PreviousSlot(preferences.DigestFrequency, today);
        return new DigestPeriod(preferences.UserId, At(start, zone), now, start, preferences.DigestFrequency);
    }

    /// <summary>Is this date (the member's weekday) one their rhythm sends on?</summary>
    public static bool IsSlot(DigestFrequency frequency, DateOnly date) => frequency switch
    {
        DigestFrequency.Weekly => true,
        DigestFrequency.Fortnightly => (date.DayNumber - FortnightEpoch.DayNumber) / 7 % 2 == 0,
        DigestFrequency.Monthly => date.Day <= 7,
        _ => false,
    };

    /// <summary>The date of the digest before the one on <paramref name="date"/>: where this period starts.</summary>
    public static DateOnly PreviousSlot(DigestFrequency frequency, DateOnly date) => frequency switch
    {
        DigestFrequency.Fortnightly => date.AddDays(-14),
        // Monthly: the first of the same weekday in the month before.
        DigestFrequency.Monthly => FirstInMonth(date.AddMonths(-1), date.DayOfWeek),
        _ => date.AddDays(-7),
    };

    private static DateOnly FirstInMonth(DateOnly inMonth, DayOfWeek day)
    {
        var first = new DateOnly(inMonth.Year, inMonth.Month, 1);
        return first.AddDays(((int)day - (int)first.DayOfWeek + 7) % 7);
    }

    /// <summary>07:00 on a local date as an instant (moved on by the gap if a zone's clocks skip that hour).</summary>
    public static DateTimeOffset At(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(Hour);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
