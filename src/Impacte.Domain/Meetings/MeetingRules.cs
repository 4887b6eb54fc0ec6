using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Email;

namespace Impacte.Domain.Meetings;

/// <summary>What makes a cadence or a meeting's details valid, shared by the API and the pages.</summary>
public static class MeetingRules
{
    public const int MaxLocation = 200;
    public const int MaxUrl = 500;
    public const int MaxCancelReason = 500;
    public const int MaxMinutesText = 20_000;
    public const int MaxLeadTimeDays = 60;
    /// <summary>How far ahead the Worker keeps a cadence's meetings.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(92);

    public static string ValidRule(string? rrule, IDictionary<string, string[]> errors, string field = "rrule")
    {
        if (!Cadence.TryParse(rrule, out var cadence, out var error)) { errors[field] = [error]; return rrule ?? ""; }
        return cadence.ToString();
    }

    public static TimeOnly ValidStartTime(string? time, IDictionary<string, string[]> errors, string field = "startTime")
    {
        if (TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "HH:mm:ss"], out var value)) return value;
        errors[field] = ["Enter the start time as HH:mm in the club's time zone, like 12:30."];
        return default;
    }

    public static int ValidDuration(int? minutes, IDictionary<string, string[]> errors, string field = "durationMinutes")
    {
        if (minutes is >= 5 and <= 24 * 60) return minutes.Value;
        errors[field] = ["The duration must be between 5 minutes and 24 hours."];
        return 60;
    }

    public static int ValidLeadTime(int? days, IDictionary<string, string[]> errors, string field = "leadTimeDays")
    {
        var value = days ?? ClubCadence.DefaultLeadTimeDays;
        if (value is >= 0 and <= MaxLeadTimeDays) return value;
        errors[field] = [$"The reading pack's lead time must be between 0 and {MaxLeadTimeDays} days."];
        return ClubCadence.DefaultLeadTimeDays;
    }

    public static string? ValidLocation(string? location, IDictionary<string, string[]> errors, string field = "location")
    {
        var value = string.IsNullOrWhiteSpace(location) ? null : location.Trim();
        if (value?.Length > MaxLocation) errors[field] = [$"The location must be {MaxLocation} characters or fewer."];
        else UserText.Check(value, field, errors, TextKind.Line); // the location is in the calendar invitation and emails
        return value;
    }

    public static string? ValidOnlineUrl(string? url, IDictionary<string, string[]> errors, string field = "onlineUrl")
    {
        var value = string.IsNullOrWhiteSpace(url) ? null : url.Trim();
        if (value is null) return null;
        if (value.Length > MaxUrl || !Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            errors[field] = ["Enter the online link as a full https:// address."];
        return value;
    }

    /// <summary>Presenters of one agenda item: a GP and the librarian who appraised it, perhaps a registrar too.</summary>
    public const int MaxPresenters = 4;

    /// <summary>Names as a sentence reads them: "A", "A and B", "A, B and C".</summary>
    public static string JoinNames(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";

    public static void ThrowIfAny(IDictionary<string, string[]> errors) => ClubRules.ThrowIfAny(errors);

    public static RsvpResponse ValidResponse(string? response, string field = "response") =>
        Enum.TryParse<RsvpResponse>(response, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new DomainValidationException(field, "Answer yes, maybe or no.");

    public static void EnsureNotCancelled(Meeting meeting)
    {
        if (meeting.Status == MeetingStatus.Cancelled) throw new ConflictException("This meeting has been cancelled.");
    }

    /// <summary>Attendance and minutes belong to a meeting that has started: before then there is nothing to record.</summary>
    public static bool HasStarted(Meeting meeting, DateTimeOffset now) => meeting.StartsAt <= now;

    public static void EnsureStarted(Meeting meeting, DateTimeOffset now, string what)
    {
        if (!HasStarted(meeting, now)) throw new ConflictException($"{what} can be written once the meeting has started.");
    }

    private static readonly System.Globalization.CultureInfo EnGb = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    /// <summary>A meeting's time as every meeting page shows it, in the club's zone: "Thu 4 Dec 2026, 13:00".</summary>
    public static string UkDateTime(DateTimeOffset instant, string timeZone) =>
        TimeZoneInfo.ConvertTime(instant, MeetingTime.FindZone(timeZone)).ToString("ddd d MMM yyyy, HH:mm", EnGb);

    /// <summary>A date alone, as pages show it: "Thu 4 Dec 2026".</summary>
    public static string UkDate(DateTimeOffset instant, string timeZone) =>
        TimeZoneInfo.ConvertTime(instant, MeetingTime.FindZone(timeZone)).ToString("ddd d MMM yyyy", EnGb);

    /// <summary>
    /// The new start from a date picker's date and a time input's time, read in the club's zone. Errors go to
    /// <paramref name="errors"/> under the page's field names.
    /// </summary>
    public static DateTimeOffset? ValidLocalStart(string? date, string? time, string timeZone, IDictionary<string, string[]> errors,
        string dateField = "date", string timeField = "time")
    {
        var okDate = DateOnly.TryParseExact(date?.Trim(), "yyyy-MM-dd", out var day);
        var okTime = TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "HH:mm:ss"], out var at);
        if (!okDate) errors[dateField] = ["Enter the date, like 4 December 2026 (pick it from the calendar)."];
        if (!okTime) errors[timeField] = ["Enter the start time on the 24-hour clock, like 13:00."];
        return okDate && okTime ? MeetingTime.ToUtc(day, at, MeetingTime.FindZone(timeZone)) : null;
    }

    /// <summary>The location and link as one line, for emails and pages.</summary>
    public static string Where(Meeting meeting) => Where(meeting.Location, meeting.OnlineUrl);

    public static string When(Meeting meeting, string timeZone) => When(meeting.StartsAt, meeting.EndsAt, timeZone);

    public static string When(DateTimeOffset startsAt, DateTimeOffset endsAt, string timeZone)
    {
        var zone = MeetingTime.FindZone(timeZone);
        var start = TimeZoneInfo.ConvertTime(startsAt, zone);
        var end = TimeZoneInfo.ConvertTime(endsAt, zone);
        return $"{start:dddd d MMMM yyyy}, {start:HH:mm}–{end:HH:mm}";
    }

    /// <summary>The start in a subject line: "Thu 4 Dec 13:00".</summary>
    public static string Short(DateTimeOffset startsAt, string timeZone) =>
        $"{TimeZoneInfo.ConvertTime(startsAt, MeetingTime.FindZone(timeZone)):ddd d MMM HH:mm}";

    /// <summary>Where, as a subject line says it: the place, else "online", else nothing.</summary>
    public static string? ShortWhere(string? location, string? onlineUrl) => location ?? (onlineUrl is null ? null : "online");

    /// <summary>The location and link as one line, from the parts.</summary>
    public static string Where(string? location, string? onlineUrl) =>
        string.Join(" and ", new[] { location, onlineUrl is null ? null : $"online at {onlineUrl}" }
            .Where(s => s is not null)) is { Length: > 0 } where ? where : "place to be confirmed";
}
