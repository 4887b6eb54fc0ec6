using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain.Common;
using Impacte.Domain.People;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.People;

/// <summary>
/// The network's people, for admins: list and search, network roles, deactivate and reactivate. Anyone else is told
/// there is nothing here (404, from <see cref="NetworkPeople"/>), so the API does not even admit the list exists.
/// </summary>
public static class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/people").WithTags("Admin").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListPeople).WithName(nameof(ListPeople)).ProducesValidationProblem()
            .WithSummary("Everyone with an account, by name, optionally searched by name or email (admins).");
        group.MapGet("/{userId:guid}", GetPerson).WithName(nameof(GetPerson)).WithSummary("One person: roles, memberships and the audit trail of changes to their account (admins).");
        group.MapPut("/{userId:guid}/roles", SetPersonRoles).WithName(nameof(SetPersonRoles)).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Grant or remove the admin and librarian roles (admins); recorded in the audit trail.");
        group.MapPost("/{userId:guid}/deactivate", DeactivatePerson).WithName(nameof(DeactivatePerson)).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Deactivate an account (admins): it cannot sign in, and its sessions and tokens stop working at once.");
        group.MapPost("/{userId:guid}/reactivate", ReactivatePerson).WithName(nameof(ReactivatePerson))
            .WithSummary("Let a deactivated account sign in again (admins).");
        return group;
    }

    internal static async Task<Ok<Paged<PersonRowResponse>>> ListPeople(
        NetworkPeople people, Actors actors, ClaimsPrincipal user, string? search, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var (items, total) = await people.ListAsync(await actors.ForAsync(user, ct), search, request, ct);
        return TypedResults.Ok(new Paged<PersonRowResponse>(items.Select(PeopleResponses.ToResponse).ToList(), total, request.Page, request.PageSize));
    }

    internal static async Task<Ok<PersonDetailResponse>> GetPerson(Guid userId, NetworkPeople people, Actors actors, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(PeopleResponses.ToResponse(await people.GetAsync(await actors.ForAsync(user, ct), userId, ct)));

    internal static async Task<Ok<PersonDetailResponse>> SetPersonRoles(
        Guid userId, SetPersonRolesRequest request, NetworkPeople people, Actors actors, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await people.SetRolesAsync(actor, userId, request.Admin, request.Librarian, Ip(http), ct);
        return TypedResults.Ok(PeopleResponses.ToResponse(await people.GetAsync(actor, userId, ct)));
    }

    internal static async Task<Ok<PersonDetailResponse>> DeactivatePerson(
        Guid userId, NetworkPeople people, Actors actors, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await people.DeactivateAsync(actor, userId, Ip(http), ct);
        return TypedResults.Ok(PeopleResponses.ToResponse(await people.GetAsync(actor, userId, ct)));
    }

    internal static async Task<Ok<PersonDetailResponse>> ReactivatePerson(
        Guid userId, NetworkPeople people, Actors actors, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await people.ReactivateAsync(actor, userId, Ip(http), ct);
        return TypedResults.Ok(PeopleResponses.ToResponse(await people.GetAsync(actor, userId, ct)));
    }

    internal static string? Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
