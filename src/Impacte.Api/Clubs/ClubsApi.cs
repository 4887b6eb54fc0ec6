using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Clubs;

public static class ClubsApi
{
    public static RouteGroupBuilder MapClubsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/clubs").WithTags("Clubs").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", ListClubs).WithName(nameof(ListClubs)).ProducesValidationProblem().WithSummary("The clubs the caller belongs to (admins and librarians: every club).");
        group.MapPost("/", CreateClub).WithName(nameof(CreateClub)).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).RequireAuthorization(AuthSetup.AdminPolicy).WithSummary("Create a club (admin).");
        group.MapGet("/{clubId:guid}", GetClub).WithName(nameof(GetClub)).RequireClub(ClubPermission.View).WithSummary("One club, with its ETag.");
        group.MapPatch("/{clubId:guid}", UpdateClub).WithName(nameof(UpdateClub))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired).RequireClub(ClubPermission.Manage)
            .WithSummary("Change a club's name, ODS code or time zone (lead, admin); needs If-Match.");
        return group;
    }

    internal static async Task<Ok<Paged<ClubResponse>>> ListClubs(
        ImpacteDbContext db, ClaimsPrincipal user, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var userId = user.Id();
        var everyClub = user.IsAdmin() || user.IsLibrarian();
        var clubs = db.Clubs.Where(c => everyClub || c.Members.Any(m => m.UserId == userId)).OrderBy(c => c.Name);
        return TypedResults.Ok(await clubs.Select(ToResponse(userId)).ToPagedAsync(request, ct));
    }

    internal static async Task<Created<ClubResponse>> CreateClub(
        CreateClubRequest request, ClubAdministration clubs, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var club = await clubs.CreateAsync(request.Name, request.OdsCode, request.TimeZone, user.Id(), ct);
        ETags.Set(response, club.Version);
        return TypedResults.Created($"/api/clubs/{club.Id}", await LoadAsync(db, club.Id, user.Id(), ct));
    }

    internal static async Task<Ok<ClubResponse>> GetClub(
        Guid clubId, ImpacteDbContext db, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var version = await db.Clubs.Where(c => c.Id == clubId).Select(c => c.Version).SingleAsync(ct);
        ETags.Set(response, version);
        return TypedResults.Ok(await LoadAsync(db, clubId, user.Id(), ct));
    }

    internal static async Task<Ok<ClubResponse>> UpdateClub(
        Guid clubId, UpdateClubRequest request, ClubAdministration clubs, ImpacteDbContext db, ClaimsPrincipal user,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var club = await clubs.UpdateAsync(clubId, ETags.Required(http), request.Name, request.OdsCode, request.TimeZone, user.Id(), ct);
        ETags.Set(response, club.Version);
        return TypedResults.Ok(await LoadAsync(db, clubId, user.Id(), ct));
    }

    private static Task<ClubResponse> LoadAsync(ImpacteDbContext db, Guid clubId, Guid userId, CancellationToken ct) =>
        db.Clubs.Where(c => c.Id == clubId).Select(ToResponse(userId)).SingleAsync(ct);

    private static System.Linq.Expressions.Expression<Func<Club, ClubResponse>> ToResponse(Guid userId) =>
        c => new ClubResponse(c.Id, c.Name, c.OdsCode, c.TimeZone, c.Members.Count,
            c.Members.Where(m => m.UserId == userId).Select(m => m.Role == ClubRole.Lead ? "lead" : "member").FirstOrDefault());
}
