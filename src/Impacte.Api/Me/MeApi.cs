using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Me;

public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Me").RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me", GetMe).WithName(nameof(GetMe))
            .WithSummary("The signed-in person, their network roles and their clubs with their role in each.");
        return group;
    }

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
