using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Me;

public sealed record MyClub(Guid Id, string Name, string Role, bool IsPublicRepresentative);
public sealed record MeResponse(Guid Id, string Email, string Name, string? Profession, IReadOnlyList<string> NetworkRoles, IReadOnlyList<MyClub> Clubs);

public static class MeApi
{
    public static RouteHandlerBuilder MapMeApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", GetMe).WithName(nameof(GetMe)).WithTags("Me").ProducesProblem(StatusCodes.Status401Unauthorized).RequireAuthorization(AuthSetup.ApiPolicy)
            .WithSummary("The signed-in person, their network roles and their clubs with their role in each.");

    internal static async Task<Results<Ok<MeResponse>, NotFound>> GetMe(
        ClaimsPrincipal principal, UserManager<User> users, ImpacteDbContext db, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(principal.Id().ToString());
        if (user is null) return TypedResults.NotFound();
        var roles = await users.GetRolesAsync(user);
        var clubs = await db.Memberships.Where(m => m.UserId == user.Id).OrderBy(m => m.Club.Name)
            .Select(m => new MyClub(m.ClubId, m.Club.Name, m.Role == ClubRole.Lead ? "lead" : "member", m.IsPublicRepresentative))
            .ToListAsync(ct);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email!, user.Name, user.Profession, roles.Order().ToList(), clubs));
    }
}
