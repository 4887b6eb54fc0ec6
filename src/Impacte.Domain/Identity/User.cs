using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Impacte.Domain.Identity;

/// <summary>A person who signs in: GP, nurse, pharmacist, librarian, admin, or a patient/public representative.</summary>
public sealed class User : IdentityUser<Guid>
{
    public required string Name { get; set; }
    public string? Profession { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// Set while an admin has deactivated the account (<see cref="People.NetworkPeople"/>): it is then locked out for
    /// good and its security stamp changed, so it cannot sign in and its sessions and tokens stop working.
    /// </summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    /// <summary>
    /// Set when an admin erased the person (<see cref="PersonalData.PersonErasure"/>): name, email and personal writing
    /// are gone, and what the clinical record needs stays attributed to "a former member".
    /// </summary>
    public DateTimeOffset? ErasedAt { get; set; }
    /// <summary>
    /// Signs this member's one-click unsubscribe links (<see cref="Preferences.UnsubscribeTokens"/>): a link cannot be
    /// forged, nor turned into another member's. Kept with the member, like a meeting's RSVP key, because the Worker
    /// that writes the headers has no data-protection key ring of its own.
    /// </summary>
    public byte[] UnsubscribeKey { get; set; } = RandomNumberGenerator.GetBytes(32);
}

/// <summary>Roles that span the whole network, held as Identity roles.</summary>
public static class NetworkRoles
{
    public const string Admin = "admin";
    public const string Librarian = "librarian";

    public static readonly IReadOnlyList<string> All = [Admin, Librarian];
}
