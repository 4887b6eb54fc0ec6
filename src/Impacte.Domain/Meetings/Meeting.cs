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
    /// <summary>Why the lead cancelled it, told to members in the cancellation.</summary>
    public string? CancelReason { get; set; }
    /// <summary>
    /// When and where the meeting was before the changes members have not yet been told of ("was → now"): set by the
    /// first such change, cleared once the change is sent. Null when there is nothing untold.
    /// </summary>
    public DateTimeOffset? WasStartsAt { get; set; }
    public DateTimeOffset? WasEndsAt { get; set; }
    public string? WasLocation { get; set; }
    public string? WasOnlineUrl { get; set; }
    public uint Version { get; set; }

    public Club Club { get; set; } = null!;
    public List<AgendaItem> Agenda { get; } = [];
    public List<MeetingRsvp> Rsvps { get; } = [];
    public List<MeetingAttendance> Attendance { get; } = [];

    /// <summary>
    /// Records a change members' calendars must follow. Call it before changing the details: the first change since
    /// members were last told keeps what they were told, for the "was → now" of the update.
    /// </summary>
    public void Changed()
    {
        if (WasStartsAt is null)
            (WasStartsAt, WasEndsAt, WasLocation, WasOnlineUrl) = (StartsAt, EndsAt, Location, OnlineUrl);
        Sequence++;
    }

    /// <summary>Members have been told the meeting as it is now.</summary>
    public void ForgetWas() => (WasStartsAt, WasEndsAt, WasLocation, WasOnlineUrl) = (null, null, null, null);

    /// <summary>What members were last told, if that differs from now.</summary>
    public MeetingWas? Was => WasStartsAt is { } start ? new MeetingWas(start, WasEndsAt ?? start, WasLocation, WasOnlineUrl) : null;

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
    /// <summary>Who presents it, in order (a journal club item often has two: the GP and the librarian who appraised it).</summary>
    public List<AgendaPresenter> Presenters { get; } = [];
    /// <summary>The minutes of this item: what was said (Markdown).</summary>
    public string? Discussion { get; set; }
    /// <summary>The club's decision on the question, written with the minutes (Markdown); once given, the question counts as discussed.</summary>
    public string? Outcome { get; set; }
}

/// <summary>One presenter of an agenda item, a member of the club; <see cref="Position"/> orders them from 1.</summary>
public sealed class AgendaPresenter
{
    public Guid AgendaItemId { get; set; }
    public Guid UserId { get; set; }
    public int Position { get; set; }
}

public enum RsvpResponse
{
    Yes,
    Maybe,
    No,
}

/// <summary>When and where a meeting was before a change, as members were told.</summary>
public sealed record MeetingWas(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string? OnlineUrl);

/// <summary>
/// A member's answer. It is kept when the meeting moves, but <see cref="ForStartsAt"/> says which start it answered
/// for: an answer for another time is shown as given for the old time, and the member is asked to confirm again.
/// </summary>
public sealed class MeetingRsvp
{
    public Guid MeetingId { get; set; }
    public Guid UserId { get; set; }
    public RsvpResponse Response { get; set; }
    public DateTimeOffset RespondedAt { get; set; }
    /// <summary>The meeting's start when the member answered.</summary>
    public DateTimeOffset ForStartsAt { get; set; }

    /// <summary>True when the answer was given for the meeting's current start.</summary>
    public bool IsFor(Meeting meeting) => ForStartsAt == meeting.StartsAt;
}

public sealed class MeetingAttendance
{
    public Guid MeetingId { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// The minutes of one agenda item: what was said, what the club decided, and the practice changes it agreed (none, one,
/// or several: "stop X" and "audit Y"), each opened as its own change.
/// </summary>
public sealed record ItemMinutes(Guid QuestionId, string? Discussion, string? Decision, IReadOnlyList<AgreedChange>? Changes = null);

/// <summary>A practice change agreed in the minutes: what (the question's title if blank), who owns it, when it is due.</summary>
public sealed record AgreedChange(string? Title, Guid? OwnerId, DateOnly? DueOn);
