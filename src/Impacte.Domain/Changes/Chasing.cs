using System.Security.Cryptography;
using System.Text;

namespace Impacte.Domain.Changes;

/// <summary>
/// The steps of chasing something due: a week ahead, on the day and a week overdue the owner is reminded; two weeks
/// overdue the club's leads are told.
/// </summary>
public enum ChaseStep
{
    Ahead,
    OnTheDay,
    Overdue,
    Escalation,
}

/// <summary>
/// When the Worker chases an item due on a date (a change's due date, a re-audit): pure rules, so they are tested with
/// hand-worked dates. A step is due from the working hours of its day, in the recipient's time zone (the club's, as
/// members have none of their own); only the latest step reached is sent, so a Worker that was down, or an item whose
/// date moved close, never gets a stale "due in a week" after the day.
/// </summary>
public static class Chasing
{
    public static readonly IReadOnlyList<ChaseStep> Steps = [ChaseStep.Ahead, ChaseStep.OnTheDay, ChaseStep.Overdue, ChaseStep.Escalation];

    /// <summary>Days from the due date to the step's day.</summary>
    public static int DayOffset(this ChaseStep step) => step switch
    {
        ChaseStep.Ahead => -7,
        ChaseStep.OnTheDay => 0,
        ChaseStep.Overdue => 7,
        _ => 14,
    };

    /// <summary>The escalation goes to the club's leads; every other step to the owner.</summary>
    public static bool GoesToLeads(this ChaseStep step) => step == ChaseStep.Escalation;

    /// <summary>
    /// Whether a step goes out by email given how the owner takes chasers. "In the digest": their digest lists what is
    /// due, so only the leads' escalation is sent. "Off": not the reminders, but an overdue item is chased anyway,
    /// because chasers cannot be turned off for an owner whose audit is overdue.
    /// </summary>
    public static bool GoesOut(ChaseStep step, Preferences.EmailDelivery ownerTakes) => ownerTakes switch
    {
        Preferences.EmailDelivery.InDigest => step.GoesToLeads(),
        Preferences.EmailDelivery.Off => step is ChaseStep.Overdue or ChaseStep.Escalation,
        _ => true,
    };

    /// <summary>The step's word in idempotency keys (stable: changing it would send every step again).</summary>
    public static string Key(this ChaseStep step) => step switch
    {
        ChaseStep.Ahead => "ahead",
        ChaseStep.OnTheDay => "due",
        ChaseStep.Overdue => "overdue",
        _ => "escalation",
    };

    /// <summary>
    /// The step to send now for an item due on <paramref name="dueOn"/>: the latest step whose day has come, in the
    /// zone's working hours (at any hour with <paramref name="anyHour"/>); null outside them or before the first step.
    /// </summary>
    public static ChaseStep? StepAt(DateOnly dueOn, DateTimeOffset now, TimeZoneInfo zone, bool anyHour = false)
    {
        if (!anyHour && !WorkingHours.IsOpen(now, zone)) return null;
        var today = WorkingHours.LocalDate(now, zone);
        ChaseStep? due = null;
        foreach (var step in Steps)
            if (dueOn.AddDays(step.DayOffset()) <= today) due = step;
        return due;
    }

    /// <summary>When a step first goes out: the opening of the first working day on or after its day.</summary>
    public static DateTimeOffset FirstSendAt(DateOnly dueOn, ChaseStep step, TimeZoneInfo zone) =>
        WorkingHours.OpeningOn(dueOn.AddDays(step.DayOffset()), zone);

    /// <summary>
    /// The idempotency key of one step's email: change, measure ("change" for the change's own due date), due date,
    /// step, and for the escalation the lead, as each lead gets an email of their own.
    /// </summary>
    public static string Key(Guid changeId, Guid? measureId, DateOnly dueOn, ChaseStep step, Guid? lead = null) =>
        $"chase:{changeId}:{measureId?.ToString() ?? "change"}:{dueOn:yyyy-MM-dd}:{step.Key()}" + (lead is { } l ? $":{l}" : "");

    /// <summary>"in 7 days", "today", "3 days ago": how far the due date is from the recipient's today.</summary>
    public static string Distance(DateOnly dueOn, DateOnly today)
    {
        var days = dueOn.DayNumber - today.DayNumber;
        return days switch
        {
            0 => "today",
            1 => "tomorrow",
            -1 => "yesterday",
            > 0 => $"in {days} days",
            _ => $"{-days} days ago",
        };
    }

    /// <summary>The club's zone; a name this machine does not know falls back to the default (Europe/London).</summary>
    public static TimeZoneInfo Zone(string? id) => Clubs.Club.ZoneOf(id);
}

/// <summary>
/// When chasers may land: 09:00 to 17:00, Monday to Friday, local time. Nothing in IMPACTE says otherwise (members
/// have no working hours of their own), and a practice's clinicians read mail in surgery hours.
/// </summary>
public static class WorkingHours
{
    public static readonly TimeOnly Opens = new(9, 0), Closes = new(17, 0);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static bool IsOpen(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        return IsWorkingDay(DateOnly.FromDateTime(local)) && time >= Opens && time < Closes;
    }

    /// <summary>09:00 local on the first working day on or after <paramref name="day"/>, as an instant.</summary>
    public static DateTimeOffset OpeningOn(DateOnly day, TimeZoneInfo zone)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        var local = day.ToDateTime(Opens);
        // A zone whose clocks jump over 09:00 opens when the clocks land.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>
/// The signature on a chaser's link: it says IMPACTE sent this path to this person, so the page can greet them and
/// prefill who is expected to sign in. It grants nothing: saving still needs the person's own sign-in.
/// </summary>
public static class ChaseLinks
{
    public static string Signature(byte[] key, string path, Guid userId) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{path}:{userId}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsValid(byte[] key, string path, Guid userId, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature(key, path, userId)), Encoding.ASCII.GetBytes(signature));

    /// <summary>The path with the person and signature: <c>/changes/{id}?for={user}&amp;sig=…</c>.</summary>
    public static string Signed(byte[] key, string path, Guid userId) => $"{path}?for={userId}&sig={Signature(key, path, userId)}";
}
