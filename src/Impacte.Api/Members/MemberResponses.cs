namespace Impacte.Api.Members;

public sealed record MemberResponse(Guid UserId, string Email, string Name, string? Profession, string Role,
    bool IsPublicRepresentative, DateTimeOffset JoinedAt);
public sealed record InviteMemberRequest(string? Email, string? Name, string? Profession, string? Role, bool IsPublicRepresentative = false);
public sealed record InvitationResponse(Guid Id, string Email, string Name, string Role, DateTimeOffset ExpiresAt);
public sealed record ImportMembersResponse(int Invited, IReadOnlyList<int> LinesAlreadyMembers);
