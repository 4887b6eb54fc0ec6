using Impacte.Domain.Clubs;
using Impacte.Domain.People;

namespace Impacte.Api.People;

public sealed record PersonRowResponse(Guid Id, string Name, string Email, string? Profession, IReadOnlyList<string> NetworkRoles,
    bool Active, DateTimeOffset CreatedAt, DateTimeOffset? DeactivatedAt, int Clubs);
public sealed record PersonMembershipResponse(Guid ClubId, string ClubName, string Role, DateTimeOffset JoinedAt);
public sealed record PersonActResponse(DateTimeOffset At, string? By, string Action, string? Before, string? After);
public sealed record PersonDetailResponse(PersonRowResponse Person, IReadOnlyList<PersonMembershipResponse> Memberships, IReadOnlyList<PersonActResponse> History);
/// <summary>Network roles to grant (true) or remove (false); a role left out stays as it is.</summary>
public sealed record SetPersonRolesRequest(bool? Admin, bool? Librarian);

public static class PeopleResponses
{
    public static PersonRowResponse ToResponse(PersonRow p) => new(p.Id, p.Name, p.Email, p.Profession,
        [.. p.IsAdmin ? ["admin"] : Array.Empty<string>(), .. p.IsLibrarian ? ["librarian"] : Array.Empty<string>()],
        p.DeactivatedAt is null, p.CreatedAt, p.DeactivatedAt, p.Clubs);

    public static PersonDetailResponse ToResponse(PersonDetail d) => new(ToResponse(d.Person),
        d.Memberships.Select(m => new PersonMembershipResponse(m.ClubId, m.ClubName, m.Role == ClubRole.Lead ? "lead" : "member", m.JoinedAt)).ToList(),
        d.History.Select(h => new PersonActResponse(h.At, h.ByName, h.Action, h.Before, h.After)).ToList());
}
