using Microsoft.AspNetCore.Identity;

namespace Impacte.Domain.Identity;

/// <summary>A person who signs in: GP, nurse, pharmacist, librarian, admin, or a patient/public representative.</summary>
public sealed class User : IdentityUser<Guid>
{
    public required string Name { get; set; }
    public string? Profession { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Roles that span the whole network, held as Identity roles.</summary>
public static class NetworkRoles
{
    public const string Admin = "admin";
    public const string Librarian = "librarian";

    public static readonly IReadOnlyList<string> All = [Admin, Librarian];
}
