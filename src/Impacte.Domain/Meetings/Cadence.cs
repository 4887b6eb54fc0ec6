using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using Impacte.Domain.Common;

namespace Impacte.Domain.Meetings;

public enum CadenceFrequency
{
    Weekly,
    Monthly,
}

/// <summary>
/// One BYDAY entry: every such day of the week (<see cref="Ordinal"/> 0, weekly rules), or the nth such day of
/// the month (1 to 5, or -1 to -5 counting back from the end: -1 is the last).
/// </summary>
public readonly record struct CadenceDay(DayOfWeek Day, int Ordinal = 0);

/// <summary>
/// How often a club meets, as the subset of an iCalendar RRULE (RFC 5545 §3.3.10) that journal clubs need:
/// FREQ=WEEKLY with BYDAY=MO,TH; FREQ=MONTHLY with BYDAY=2WE or -1FR, or with BYMONTHDAY=15; INTERVAL, and an
/// optional COUNT or UNTIL. Anything else is refused with a message a club lead can act on, because a rule we half
/// understood would silently put meetings on the wrong days. Parsing, validation and the description are ours; the
/// dates themselves are expanded by Ical.Net (<see cref="Dates"/>).
/// </summary>
/// <remarks>
/// Weeks start on Monday (WKST=MO), which only matters for INTERVAL above 1. UNTIL is a date in the club's time
/// zone, the last day a meeting may fall on. Days that a month lacks (BYMONTHDAY=31 in April, a fifth Friday) are
/// skipped, as RFC 5545 says.
/// </remarks>
public sealed partial class Cadence : IEquatable<Cadence>
{
    /// <summary>The field name validation errors are reported under.</summary>
    public const string Field = "cadence";
    public const int MaxInterval = 99;
    public const int MaxCount = 1000;

    private Cadence(CadenceFrequency frequency, int interval, CadenceDay[] days, int[] monthDays, int? count, DateOnly? until)
    {
        Frequency = frequency;
        Interval = interval;
        Days = days;
        MonthDays = monthDays;
        Count = count;
        Until = until;
    }

    public CadenceFrequency Frequency { get; }
    /// <summary>Every how many weeks or months: 1 is every one.</summary>
    public int Interval { get; }
    /// <summary>BYDAY, in order: Monday first for weekly rules, by ordinal for monthly ones. Empty when the rule uses <see cref="MonthDays"/>.</summary>
    public IReadOnlyList<CadenceDay> Days { get; }
    /// <summary>BYMONTHDAY, in order: 1 to 31, or -1 to -31 counting back from the month's end. Monthly rules only.</summary>
    public IReadOnlyList<int> MonthDays { get; }
    /// <summary>How many meetings in all, counted from the schedule's first date.</summary>
    public int? Count { get; }
    /// <summary>The last date (club-local, inclusive) a meeting may fall on.</summary>
    public DateOnly? Until { get; }

    /// <summary>The rule parsed from RRULE text (with or without the "RRULE:" prefix, any case).</summary>
    /// <exception cref="DomainValidationException">The rule is not one we support, with the reason under <see cref="Field"/>.</exception>
    public static Cadence Parse(string? rrule) =>
        TryParse(rrule, out var cadence, out var error) ? cadence : throw new DomainValidationException(Field, error);

    /// <summary>The rule, or a user-facing sentence naming what is wrong with it.</summary>
    public static bool TryParse(string? rrule, [NotNullWhen(true)] out Cadence? cadence, [NotNullWhen(false)] out string? error)
    {
        try
        {
            cadence = Read(rrule);
            error = null;
            return true;
        }
        catch (InvalidRule invalid)
        {
            cadence = null;
            error = invalid.Message;
            return false;
        }
    }

    /// <summary>The rule in canonical RRULE form (no prefix, upper case, INTERVAL left out when 1): what to store.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"FREQ={Frequency.ToString().ToUpperInvariant()}" };
        if (Interval != 1) parts.Add($"INTERVAL={Interval}");
        if (Days.Count > 0) parts.Add("BYDAY=" + string.Join(',', Days.Select(d => (d.Ordinal == 0 ? "" : d.Ordinal.ToString(CultureInfo.InvariantCulture)) + Code(d.Day))));
        if (MonthDays.Count > 0) parts.Add("BYMONTHDAY=" + string.Join(',', MonthDays.Select(d => d.ToString(CultureInfo.InvariantCulture))));
        if (Count is { } count) parts.Add($"COUNT={count}");
        if (Until is { } until) parts.Add($"UNTIL={until:yyyyMMdd}");
        return string.Join(';', parts);
    }

    /// <summary>The rule in plain English, e.g. "Monthly on the second Wednesday" or "Every two weeks on Tuesday".</summary>
    public string Describe()
    {
        var every = (Frequency, Interval) switch
        {
            (CadenceFrequency.Weekly, 1) => "Weekly",
            (CadenceFrequency.Monthly, 1) => "Monthly",
            (CadenceFrequency.Weekly, var n) => $"Every {Number(n)} weeks",
            (_, var n) => $"Every {Number(n)} months",
        };
        var on = Frequency == CadenceFrequency.Weekly ? Join(Days.Select(d => d.Day.ToString()))
            : Days.Count > 0 ? DescribeWeekdaysOfMonth()
            : DescribeDaysOfMonth();
        var end = Count is { } count ? (count == 1 ? ", once" : $", {count} times")
            : Until is { } until ? $", until {until.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}"
            : "";
        return $"{every} on {on}{end}";
    }

    /// <summary>
    /// The meeting dates in order, from <paramref name="first"/> (the schedule's first possible date, which
    /// counts as an occurrence only if it fits the rule) up to <paramref name="last"/>, both inclusive.
    /// INTERVAL counts weeks or months from <paramref name="first"/>'s; COUNT counts meetings from it.
    /// </summary>
    /// <remarks>
    /// Ical.Net expands the rule from a date-only DTSTART, so only calendar days are chosen here: the club's time zone
    /// and daylight saving come in afterwards, in <see cref="MeetingTime.ToUtc"/>. UNTIL is then a plain date too.
    /// </remarks>
    public IEnumerable<DateOnly> Dates(DateOnly first, DateOnly last)
    {
        var rule = new RecurrenceRule(ToString()) { FirstDayOfWeek = DayOfWeek.Monday };
        var recurring = new CalendarEvent { DtStart = new CalDateTime(first), RecurrenceRule = rule };
        using var occurrences = recurring.GetOccurrences(null, Evaluation).GetEnumerator();
        while (true)
        {
            DateOnly date;
            try
            {
                if (!occurrences.MoveNext()) yield break;
                date = occurrences.Current.Period.StartTime.Date;
            }
            // A rule that never matches (BYMONTHDAY=30 every 12 months from February) hits the unmatched limit; an
            // open-ended one asked for dates up to DateOnly.MaxValue runs off Ical.Net's calendar. Either way: no more dates.
            catch (EvaluationException)
            {
                yield break;
            }
            if (date > last) yield break;
            yield return date;
        }
    }

    public bool Equals(Cadence? other) => other is not null && ToString() == other.ToString();
    public override bool Equals(object? obj) => Equals(obj as Cadence);
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    private string DescribeWeekdaysOfMonth()
    {
        // "the first and third Monday" reads better than "the first Monday and the third Monday".
        if (Days.Select(d => d.Day).Distinct().Count() == 1)
            return $"the {Join(Days.Select(d => Ordinal(d.Ordinal)))} {Days[0].Day}";
        return Join(Days.Select(d => $"the {Ordinal(d.Ordinal)} {d.Day}"));
    }

    private string DescribeDaysOfMonth()
    {
        var fromStart = MonthDays.Where(d => d > 0).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToList();
        var phrases = new List<string>();
        if (fromStart.Count > 0) phrases.Add((fromStart.Count == 1 ? "day " : "days ") + Join(fromStart));
        phrases.AddRange(MonthDays.Where(d => d < 0).Select(d => $"the {Ordinal(d)} day"));
        return Join(phrases);
    }

    private static Cadence Read(string? text)
    {
        var rule = text?.Trim() ?? "";
        if (rule.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase)) rule = rule["RRULE:".Length..];
        if (rule.Length == 0) throw new InvalidRule("Enter a rule such as FREQ=MONTHLY;BYDAY=2WE");

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rule.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0) throw new InvalidRule($"'{part}' is not a rule part: write NAME=VALUE, separated by semicolons");
            var name = part[..equals].Trim().ToUpperInvariant();
            if (!Supported.Contains(name))
                throw new InvalidRule($"{name} is not supported: use only FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT and UNTIL");
            if (!parts.TryAdd(name, part[(equals + 1)..].Trim().ToUpperInvariant()))
                throw new InvalidRule($"{name} is given twice");
        }

        var frequency = parts.GetValueOrDefault("FREQ") switch
        {
            null => throw new InvalidRule("FREQ is missing: start with FREQ=WEEKLY or FREQ=MONTHLY"),
            "WEEKLY" => CadenceFrequency.Weekly,
            "MONTHLY" => CadenceFrequency.Monthly,
            var other => throw new InvalidRule($"FREQ={other} is not supported: use WEEKLY or MONTHLY"),
        };
        var interval = parts.TryGetValue("INTERVAL", out var intervalText)
            ? WholeNumber(intervalText, 1, MaxInterval) ?? throw new InvalidRule($"INTERVAL must be a whole number from 1 to {MaxInterval}")
            : 1;
        var days = parts.TryGetValue("BYDAY", out var byDay) ? ReadDays(byDay) : [];
        var monthDays = parts.TryGetValue("BYMONTHDAY", out var byMonthDay) ? ReadMonthDays(byMonthDay) : [];

        if (frequency == CadenceFrequency.Weekly)
        {
            if (monthDays.Length > 0) throw new InvalidRule("BYMONTHDAY only goes with FREQ=MONTHLY");
            if (days.Length == 0) throw new InvalidRule("A weekly rule needs BYDAY, like BYDAY=TU or BYDAY=MO,TH");
            foreach (var day in days.Where(d => d.Ordinal != 0))
                throw new InvalidRule($"A weekly rule takes plain days in BYDAY, like TU; {day.Ordinal}{Code(day.Day)} needs FREQ=MONTHLY");
            days = [.. days.OrderBy(d => DaysFromMonday(d.Day))];
        }
        else
        {
            if (days.Length > 0 && monthDays.Length > 0) throw new InvalidRule("Use BYDAY or BYMONTHDAY, not both");
            if (days.Length == 0 && monthDays.Length == 0)
                throw new InvalidRule("A monthly rule needs BYDAY, like BYDAY=2WE, or BYMONTHDAY, like BYMONTHDAY=15");
            foreach (var day in days.Where(d => d.Ordinal == 0))
                throw new InvalidRule($"A monthly rule needs a week number in BYDAY, like 2{Code(day.Day)} or -1{Code(day.Day)} (the last); {Code(day.Day)} alone is not enough");
            days = [.. days.OrderBy(d => FromStartFirst(d.Ordinal)).ThenBy(d => DaysFromMonday(d.Day))];
            monthDays = [.. monthDays.OrderBy(FromStartFirst)];
        }

        if (parts.ContainsKey("COUNT") && parts.ContainsKey("UNTIL")) throw new InvalidRule("Use COUNT or UNTIL, not both");
        int? count = parts.TryGetValue("COUNT", out var countText)
            ? WholeNumber(countText, 1, MaxCount) ?? throw new InvalidRule($"COUNT must be a whole number from 1 to {MaxCount}")
            : null;
        DateOnly? until = null;
        if (parts.TryGetValue("UNTIL", out var untilText))
            until = DateOnly.TryParseExact(untilText, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new InvalidRule("UNTIL must be a date like 20271231 (the last day a meeting may fall on)");

        return new Cadence(frequency, interval, days, monthDays, count, until);
    }

    private static CadenceDay[] ReadDays(string list) =>
    [
        .. list.Split(',').Select(item =>
        {
            var match = DayPattern().Match(item.Trim());
            if (!match.Success) throw new InvalidRule("BYDAY must be like 2WE or TU" + Got(item));
            var day = (DayOfWeek)Array.IndexOf(Codes, match.Groups["day"].Value);
            if (!match.Groups["n"].Success) return new CadenceDay(day);
            var ordinal = int.Parse(match.Groups["n"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (ordinal is 0 or > 5 or < -5)
                throw new InvalidRule($"BYDAY week numbers run from 1 to 5, or -1 (the last) to -5; '{item.Trim()}' has {ordinal}");
            return new CadenceDay(day, ordinal);
        }).Distinct(),
    ];

    private static int[] ReadMonthDays(string list) =>
    [
        .. list.Split(',').Select(item =>
            int.TryParse(item.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var day) && day is >= -31 and <= 31 and not 0
                ? day
                : throw new InvalidRule("BYMONTHDAY must be a day from 1 to 31, or -1 for the last day" + Got(item))).Distinct(),
    ];

    private static string Got(string item) => item.Trim() is { Length: > 0 } value ? $"; '{value}' is not" : "";

    private static int? WholeNumber(string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;

    /// <summary>Sorts 1, 2, … before -5, …, -1 so "the first and last" reads in calendar order.</summary>
    private static int FromStartFirst(int ordinal) => ordinal > 0 ? ordinal : 100 + ordinal;

    private static int DaysFromMonday(DayOfWeek day) => ((int)day + 6) % 7;

    private static string Code(DayOfWeek day) => Codes[(int)day];

    private static string Number(int n) => n is >= 2 and <= 12 ? NumberWords[n - 2] : n.ToString(CultureInfo.InvariantCulture);

    private static string Ordinal(int n) => n switch
    {
        -1 => "last",
        < 0 => Ordinal(-n) + "-to-last",
        <= 5 => OrdinalWords[n - 1],
        _ => n + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" }),
    };

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }

    private static readonly string[] Codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    private static readonly string[] NumberWords = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    private static readonly string[] OrdinalWords = ["first", "second", "third", "fourth", "fifth"];
    // Weeks or months in a row without a meeting before a rule counts as one that never matches: the rarest real
    // rule (the fifth Friday of February, yearly) waits at most about 40 periods.
    private static readonly EvaluationOptions Evaluation = new() { MaxUnmatchedIncrementsLimit = 1000 };
    private static readonly HashSet<string> Supported = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL"];

    [GeneratedRegex("^(?<n>[+-]?[0-9]{1,2})?(?<day>MO|TU|WE|TH|FR|SA|SU)$")]
    private static partial Regex DayPattern();

    private sealed class InvalidRule(string message) : Exception(message);
}
