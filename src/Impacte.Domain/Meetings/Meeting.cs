using System.Security.Cryptography;
using System.Text;
using Impacte.Domain.Clubs;

namespace Impacte.Domain.Meetings;

/// <summary>
/// How a club meets: an RRULE subset (<see cref="Cadences.Cadence"/>) read in the club's time zone from
/// <see cref="StartsOn"/>, at <see cref="StartTime"/>. The Worker keeps meetings generated from it three months ahead.
/// </summary>
public sealed class ClubCadence
{
    public const int DefaultLeadTimeDays = 7;

    public Guid ClubId { get; set; }
    public required string Rule { get; set; }
    /// <summary>The rule's DTSTART date: INTERVAL counts from it (the day the cadence was set).</summary>
    public DateOnly StartsOn { get; set; }
    public TimeOnly StartTime { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>Days before a meeting that its reading pack goes out.</summary>
    public int LeadTimeDays { get; set; } = DefaultLeadTimeDays;
    public string TimeZone { get; set; } = Club.DefaultTimeZone;
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public MeetingSchedule Schedule() =>
        new(Meetings.Cadence.Parse(Rule), StartsOn, StartTime, TimeSpan.FromMinutes(DurationMinutes), TimeZone);
}

public enum MeetingStatus
{
    Scheduled,
    Cancelled,
}

public sealed class Meeting
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ClubId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Location { get; set; }
    public string? OnlineUrl { get; set; }
    public MeetingStatus Status { get; set; } = MeetingStatus.Scheduled;
    /// <summary>The ICS SEQUENCE: raised by every change people's calendars should follow.</summary>
    public int Sequence { get; set; }
    /// <summary>The cadence date this meeting was generated for (null for a one-off); the generator's idempotency key.</summary>
    public DateOnly? OccurrenceDate { get; set; }
    /// <summary>When the reading pack went out; null until then.</summary>
    public DateTimeOffset? PackSentAt { get; set; }
    /// <summary>The SEQUENCE members' calendars last heard of; an update or cancellation is due while it trails <see cref="Sequence"/>.</summary>
    public int? NotifiedSequence { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    /// <summary>Markdown, rendered only through SafeMarkdown.</summary>
    public string? Minutes { get; set; }
    /// <summary>Signs the RSVP links in emails, so a click answers for that member without signing in.</summary>
    public byte[] RsvpKey { get; set; } = RandomNumberGenerator.GetBytes(32);
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public uint Version { get; set; }

    public Club Club { get; set; } = null!;
    public List<AgendaItem> Agenda { get; } = [];
    public List<MeetingRsvp> Rsvps { get; } = [];
    public List<MeetingAttendance> Attendance { get; } = [];

    /// <summary>Records a change members' calendars must follow.</summary>
    public void Changed() => Sequence++;

    /// <summary>The signature of an RSVP link for one member and answer.</summary>
    public string RsvpSignature(Guid userId, RsvpResponse response) =>
        Convert.ToBase64String(HMACSHA256.HashData(RsvpKey, Encoding.UTF8.GetBytes($"{Id}:{userId}:{response}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public bool IsValidRsvpSignature(Guid userId, RsvpResponse response, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(RsvpSignature(userId, response)), Encoding.ASCII.GetBytes(signature));
}

/// <summary>One clinical question on a meeting's agenda, with who presents it and what the club concluded.</summary>
public sealed class AgendaItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeetingId { get; set; }
    public int Position { get; set; }
    /// <summary>The ClinicalQuestion discussed; putting it here moves it to scheduled, its outcome to discussed.</summary>
    public Guid QuestionId { get; set; }
    public Guid? PresenterId { get; set; }
    /// <summary>The discussion's outcome, written with the minutes (Markdown).</summary>
    public string? Outcome { get; set; }
}

public enum RsvpResponse
{
    Yes,
    Maybe,
    No,
}

public sealed class MeetingRsvp
{
    public Guid MeetingId { get; set; }
    public Guid UserId { get; set; }
    public RsvpResponse Response { get; set; }
    public DateTimeOffset RespondedAt { get; set; }
}

public sealed class MeetingAttendance
{
    public Guid MeetingId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
