using System.Security.Claims;
using Impacte.Domain.Identity;

namespace Impacte.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    public static Guid Id(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in."));

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(NetworkRoles.Admin);

    public static bool IsLibrarian(this ClaimsPrincipal user) => user.IsInRole(NetworkRoles.Librarian);
}
