using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain.Home;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Home;

/// <summary>GET /api/me/home: the home page's "my things first", from the same <see cref="HomeTasks"/> the page reads.</summary>
public static class HomeApi
{
    public static RouteGroupBuilder MapHomeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/home").WithTags("Me").RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", GetHome).WithName(nameof(GetHome))
            .WithSummary("My next meetings (with my RSVP), my questions and the tasks waiting for each of my roles (lead, librarian, admin).");
        return group;
    }

    internal static async Task<Ok<HomeResponse>> GetHome(HomeTasks home, Actors actors, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(HomeResponses.ToResponse(await home.ForAsync(await actors.ForAsync(user, ct), ct)));
}
