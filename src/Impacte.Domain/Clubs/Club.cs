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
