namespace Impacte.Domain.Clubs;

/// <summary>A journal club: usually one GP practice, meeting in its own time zone.</summary>
public sealed class Club
{
    public const string DefaultTimeZone = "Europe/London";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The practice's NHS ODS code, e.g. K82001.</summary>
    public required string OdsCode { get; set; }
    /// <summary>IANA time zone the club schedules in.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>PostgreSQL xmin: the concurrency token behind ETag / If-Match.</summary>
    public uint Version { get; set; }

    public List<ClubMembership> Members { get; } = [];

    /// <summary>The club's zone: its dates and times are the club's, never the server's.</summary>
    public TimeZoneInfo Zone => ZoneOf(TimeZone);

    /// <summary>The club's date at an instant (what "today" and "due" mean for it).</summary>
    public DateOnly DateAt(DateTimeOffset instant) => DateIn(TimeZone, instant);

    /// <summary>A club zone by its IANA id; one this machine does not know (saved ones are checked) is the default.</summary>
    public static TimeZoneInfo ZoneOf(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);

    /// <summary>The date in a club zone at an instant.</summary>
    public static DateOnly DateIn(string? zoneId, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, ZoneOf(zoneId)).DateTime);
}

public enum ClubRole
{
    Member,
    Lead,
}

public sealed class ClubMembership
{
    public Guid ClubId { get; set; }
    public Guid UserId { get; set; }
    public ClubRole Role { get; set; }
    /// <summary>A patient or member of the public who brings the lay view.</summary>
    public bool IsPublicRepresentative { get; set; }
    public DateTimeOffset JoinedAt { get; set; }

    public Club Club { get; set; } = null!;
    public Identity.User User { get; set; } = null!;
}
