using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain.Preferences;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Preferences;

public static class PreferencesApi
{
    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/preferences").WithTags("Preferences").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", GetPreferences).WithName(nameof(GetPreferences))
            .WithSummary("Your email preferences (the defaults until you change them), with their ETag.");
        group.MapPut("/", PutPreferences).WithName(nameof(PutPreferences))
            .WithSummary("Replace your email preferences; needs If-Match (the ETag you read).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    internal static async Task<Ok<PreferencesResponse>> GetPreferences(
        MemberPreferencesService preferences, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var mine = await preferences.GetAsync(user.Id(), ct);
        ETags.Set(response, mine.Version);
        return TypedResults.Ok(PreferencesMapping.ToResponse(mine, !await preferences.HasOverdueAuditAsync(user.Id(), ct)));
    }

    internal static async Task<Ok<PreferencesResponse>> PutPreferences(
        PreferencesRequest request, MemberPreferencesService preferences, ClaimsPrincipal user, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var saved = await preferences.UpdateAsync(user.Id(), PreferencesMapping.ToInput(request), () => ETags.Required(http), ct);
        ETags.Set(response, saved.Version);
        return TypedResults.Ok(PreferencesMapping.ToResponse(saved, !await preferences.HasOverdueAuditAsync(user.Id(), ct)));
    }
}
