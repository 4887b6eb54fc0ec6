using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.People;
using Impacte.Domain.People;
using Impacte.Domain.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.PersonalData;

/// <summary>
/// Personal data rights: a person's own export (subject access), an admin's export for anyone, and erasure. Admin
/// routes answer 404 to anyone else, as the people list does.
/// </summary>
public static class PersonalDataApi
{
    public const string ZipType = "application/zip";

    public static RouteGroupBuilder MapPersonalDataApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Personal data").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me/export", ExportMyData).WithName(nameof(ExportMyData)).Produces<string>(StatusCodes.Status200OK, ZipType)
            .WithSummary("Everything IMPACTE holds about you: a zip of one JSON document and a readable CSV per section.");
        group.MapPost("/admin/people/{userId:guid}/export", ExportPersonData).WithName(nameof(ExportPersonData))
            .Produces<string>(StatusCodes.Status200OK, ZipType).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The same export for anyone, for a subject-access request made to the network (admins); recorded in the audit trail.");
        group.MapPost("/admin/people/{userId:guid}/erase", ErasePerson).WithName(nameof(ErasePerson))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Erase a person (admins; the body repeats their email): they cannot sign in, their name, email and reflections go, the clinical record stays as \"a former member\".");
        return group;
    }

    internal static async Task<FileContentHttpResult> ExportMyData(PersonalDataExport export, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var (zip, name) = await export.ForSelfAsync(await actors.ForAsync(user, ct), ct);
        return TypedResults.File(zip, ZipType, name);
    }

    internal static async Task<FileContentHttpResult> ExportPersonData(
        Guid userId, PersonalDataExport export, Actors actors, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (zip, name) = await export.ForAdminAsync(await actors.ForAsync(user, ct), userId, PeopleApi.Ip(http), ct);
        return TypedResults.File(zip, ZipType, name);
    }

    internal static async Task<Ok<PersonDetailResponse>> ErasePerson(
        Guid userId, ErasePersonRequest request, PersonErasure erasure, NetworkPeople people, Actors actors, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await erasure.EraseAsync(actor, userId, request.ConfirmEmail, PeopleApi.Ip(http), ct);
        return TypedResults.Ok(PeopleResponses.ToResponse(await people.GetAsync(actor, userId, ct)));
    }
}
