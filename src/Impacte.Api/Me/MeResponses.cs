namespace Impacte.Api.Me;

public sealed record MyClub(Guid Id, string Name, string Role, bool IsPublicRepresentative);
public sealed record MeResponse(Guid Id, string Email, string Name, string? Profession, IReadOnlyList<string> NetworkRoles, IReadOnlyList<MyClub> Clubs);
