using System.Security.Claims;
using Impacte.Domain;

namespace Impacte.Api.Auth;

/// <summary>
/// The one place the Api turns the signed-in principal into the Domain's <see cref="Actor"/>: endpoints, route filters
/// and pages all ask here. Scoped, so a request reads the person's memberships once however many checks it makes.
/// </summary>
public sealed class Actors(ImpacteDbContext db)
{
    private Actor? _current;

    public async Task<Actor> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var userId = user.Id();
        if (_current?.UserId != userId) _current = await Actor.LoadAsync(db, userId, user.IsAdmin(), user.IsLibrarian(), ct);
        return _current;
    }

    /// <summary>For a route filter or other code holding only the request.</summary>
    public static Task<Actor> ForAsync(HttpContext http) =>
        http.RequestServices.GetRequiredService<Actors>().ForAsync(http.User, http.RequestAborted);
}
