using Impacte.Domain.Common;
using Impacte.Domain.Identity;

namespace Impacte.Domain.Clubs;

/// <summary>Who to invite into a club, as a lead types it or a CSV row gives it.</summary>
public sealed record MemberInvite(string? Email, string? Name, string? Profession, string? Role, bool IsPublicRepresentative = false)
{
    /// <summary>The invite with its values normalised, or the reason each field is wrong.</summary>
    public ValidInvite Validate(IDictionary<string, string[]> errors)
    {
        var email = EmailAddress.Normalise(Email);
        if (email is null)
            errors["email"] = [string.IsNullOrWhiteSpace(Email) ? "Enter an email address." : $"'{Email?.Trim()}' is not a valid email address."];

        var name = Name?.Trim() ?? "";
        if (name.Length == 0) errors["name"] = ["Enter the person's name."];
        else if (name.Length > UserConfiguration.MaxName) errors["name"] = [$"The name must be {UserConfiguration.MaxName} characters or fewer."];
        else UserText.Check(name, "name", errors, TextKind.Line); // names go into email headers

        string? profession = null;
        if (!string.IsNullOrWhiteSpace(Profession))
        {
            profession = Professions.Normalise(Profession);
            if (profession is null)
                errors["profession"] = [$"'{Profession.Trim()}' is not a profession we know. Use one of: {string.Join(", ", Professions.All)}."];
        }

        var (role, publicRep) = ParseRole(Role);
        if (role is null)
            errors["role"] = [$"'{Role?.Trim()}' is not a club role. Use lead, member or public representative."];

        return new ValidInvite(email ?? "", name, profession, role ?? ClubRole.Member,
            IsPublicRepresentative || publicRep || profession == "Patient/public representative");
    }

    private static (ClubRole? Role, bool PublicRepresentative) ParseRole(string? role) =>
        role?.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ') switch
        {
            null or "" or "member" => (ClubRole.Member, false),
            "lead" => (ClubRole.Lead, false),
            "public representative" or "public" or "patient representative" => (ClubRole.Member, true),
            _ => (null, false),
        };
}

public sealed record ValidInvite(string Email, string Name, string? Profession, ClubRole Role, bool IsPublicRepresentative);
