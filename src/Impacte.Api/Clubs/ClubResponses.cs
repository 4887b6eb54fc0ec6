namespace Impacte.Api.Clubs;

public sealed record ClubResponse(Guid Id, string Name, string OdsCode, string TimeZone, int MemberCount, string? MyRole);
public sealed record CreateClubRequest(string? Name, string? OdsCode, string? TimeZone);
/// <summary>A partial update: fields left out (or null) keep their value.</summary>
public sealed record UpdateClubRequest(string? Name, string? OdsCode, string? TimeZone);
