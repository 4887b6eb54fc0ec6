using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain.Changes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Changes;

/// <summary>PDSA cycles on a practice change, under the change's own rules (see <see cref="PdsaCycles"/>).</summary>
public static class PdsaApi
{
    public static RouteGroupBuilder MapPdsaApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("PDSA cycles")
            .RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        var onChange = group.MapGroup("/changes/{changeId:guid}/pdsa");
        onChange.MapPost("/", CreatePdsaCycle).WithName(nameof(CreatePdsaCycle)).RequireChange(ChangePermission.Edit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add the next PDSA cycle to a running change (its owner, the club's leads, admins); the plan is required.");
        onChange.MapGet("/", ListPdsaCycles).WithName(nameof(ListPdsaCycles)).RequireChange(ChangePermission.View).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The change's PDSA cycles, in order.");

        var pdsa = group.MapGroup("/pdsa");
        pdsa.MapPatch("/{pdsaId:guid}", UpdatePdsaCycle).WithName(nameof(UpdatePdsaCycle)).RequirePdsa(ChangePermission.Edit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Write parts of a PDSA cycle (do, study, act, or the plan); fields left out keep their value; needs If-Match.");
        return group;
    }

    internal static async Task<Created<PdsaResponse>> CreatePdsaCycle(
        Guid changeId, PdsaRequest request, PdsaCycles cycles, Actors actors, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var cycle = await cycles.CreateAsync(changeId, request.ToInput(), actor, ct);
        ETags.Set(response, cycle.Version);
        return TypedResults.Created($"/api/pdsa/{cycle.Id}", PdsaResponse.From(cycle, canEdit: true));
    }

    internal static async Task<Ok<IReadOnlyList<PdsaResponse>>> ListPdsaCycles(
        Guid changeId, PdsaCycles cycles, PracticeChanges changes, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var canEdit = actor.CanEdit(await changes.FindAsync(changeId, actor, ct));
        var list = await cycles.ListAsync(changeId, actor, ct);
        return TypedResults.Ok<IReadOnlyList<PdsaResponse>>(list.Select(c => PdsaResponse.From(c, canEdit)).ToList());
    }

    internal static async Task<Ok<PdsaResponse>> UpdatePdsaCycle(
        Guid pdsaId, PdsaRequest request, PdsaCycles cycles, Actors actors, ClaimsPrincipal user,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        // If-Match is read once the person is known to be allowed, so a stranger hears 404/403, not 428.
        var cycle = await cycles.EditAsync(pdsaId, () => ETags.Required(http), request.ToInput(), actor, ct);
        ETags.Set(response, cycle.Version);
        return TypedResults.Ok(PdsaResponse.From(cycle, canEdit: true));
    }
}
