namespace Impacte.Api.Members;

/// <summary><c>undeliverable</c>: the relay refused the member's address for good three times in a row; only invitations and password resets go to it until it is cleared or changed.</summary>
public sealed record MemberResponse(Guid UserId, string Email, string Name, string? Profession, string Role,
    bool IsPublicRepresentative, DateTimeOffset JoinedAt, bool Undeliverable);
public sealed record InviteMemberRequest(string? Email, string? Name, string? Profession, string? Role, bool IsPublicRepresentative = false);
public sealed record InvitationResponse(Guid Id, string Email, string Name, string Role, DateTimeOffset ExpiresAt);
public sealed record ImportMembersResponse(int Invited, IReadOnlyList<int> LinesAlreadyMembers);
