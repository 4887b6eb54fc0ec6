using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Changes;

public static class ChangesApi
{
    public static RouteGroupBuilder MapChangesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Practice changes")
            .RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        var club = group.MapGroup("/clubs/{clubId:guid}/changes");
        club.MapPost("/", CreateChange).WithName(nameof(CreateChange)).RequireClub(ClubPermission.Manage).ProducesValidationProblem()
            .WithSummary("Agree a practice change (the club's leads, admins); it starts as agreed.");
        club.MapGet("/", ListClubChanges).WithName(nameof(ListClubChanges)).RequireClub(ClubPermission.View).ProducesValidationProblem()
            .WithSummary("The club's changes you may see (all of them for its members; implemented and sustained ones for others), paged.");

        var changes = group.MapGroup("/changes");
        changes.MapGet("/", ListChanges).WithName(nameof(ListChanges)).ProducesValidationProblem()
            .WithSummary("Changes you may see across the network (your clubs', and every implemented or sustained one), filtered and paged.");
        changes.MapGet("/{changeId:guid}", GetChange).WithName(nameof(GetChange)).RequireChange(ChangePermission.View).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One change, with its ETag.");
        changes.MapPatch("/{changeId:guid}", UpdateChange).WithName(nameof(UpdateChange)).RequireChange(ChangePermission.Edit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Edit a change (its owner, the club's leads, admins); needs If-Match.");
        changes.MapPost("/{changeId:guid}/transitions", TransitionChange).WithName(nameof(TransitionChange)).RequireChange(ChangePermission.Edit)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Move a change on (agreed → in-progress → implemented → sustained, or abandoned with a reason); 409 when the workflow does not allow it.");
        changes.MapGet("/{changeId:guid}/history", ChangeHistory).WithName(nameof(ChangeHistory)).RequireChange(ChangePermission.View).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every edit and move of the change: who, when, what.");
        return group;
    }

    internal static async Task<Created<ChangeResponse>> CreateChange(
        Guid clubId, CreateChangeRequest request, PracticeChanges changes, ImpacteDbContext db, Actors actors, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var input = new ChangeInput(request.Title, request.Description, request.OwnerId, request.DueOn,
            request.QuestionId, request.AppraisalId, request.MeetingId, request.TeamIds);
        var change = await changes.CreateAsync(clubId, input, actor, ct);
        ETags.Set(response, change.Version);
        return TypedResults.Created($"/api/changes/{change.Id}", await ChangeResponses.LoadAsync(db, change, actor, ct));
    }

    internal static async Task<Ok<Paged<ChangeListItemResponse>>> ListClubChanges(
        Guid clubId, PracticeChanges changes, Actors actors, ClaimsPrincipal user, string? status, Guid? ownerId, int? page, int? pageSize, CancellationToken ct) =>
        await ListChanges(changes, actors, user, status, ownerId, clubId, page, pageSize, ct);

    internal static async Task<Ok<Paged<ChangeListItemResponse>>> ListChanges(
        PracticeChanges changes, Actors actors, ClaimsPrincipal user, string? status, Guid? ownerId, Guid? clubId, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        ChangeStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!ChangeWorkflow.TryParse(status, out var s))
                throw new DomainValidationException("status", $"Choose one of: {string.Join(", ", ChangeWorkflow.Names)}.");
            parsed = s;
        }
        var actor = await actors.ForAsync(user, ct);
        return TypedResults.Ok(await changes.Visible(actor, new ChangeFilter(clubId, parsed, ownerId)).ToPagedItemsAsync(changes, request, ct));
    }

    internal static async Task<Ok<ChangeResponse>> GetChange(
        Guid changeId, PracticeChanges changes, ImpacteDbContext db, Actors actors, ClaimsPrincipal user, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var change = await changes.FindAsync(changeId, actor, ct);
        ETags.Set(response, change.Version);
        return TypedResults.Ok(await ChangeResponses.LoadAsync(db, change, actor, ct));
    }

    internal static async Task<Ok<ChangeResponse>> UpdateChange(
        Guid changeId, UpdateChangeRequest request, PracticeChanges changes, ImpacteDbContext db, Actors actors, ClaimsPrincipal user,
        HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var input = new ChangeInput(request.Title, request.Description, request.OwnerId, request.DueOn,
            request.QuestionId, request.AppraisalId, request.MeetingId, request.TeamIds, request.WhatDidNotWork, request.HowItMadeADifference);
        // If-Match is read once the person is known to be allowed, so a stranger hears 404/403, not 428.
        var change = await changes.EditAsync(changeId, () => ETags.Required(http), input, actor, ct);
        ETags.Set(response, change.Version);
        return TypedResults.Ok(await ChangeResponses.LoadAsync(db, change, actor, ct));
    }

    internal static async Task<Ok<ChangeResponse>> TransitionChange(
        Guid changeId, ChangeTransitionRequest request, PracticeChanges changes, ImpacteDbContext db, Actors actors, ClaimsPrincipal user,
        HttpResponse response, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var change = await changes.TransitionAsync(changeId, request.To, request.Reason, actor, ct);
        ETags.Set(response, change.Version);
        return TypedResults.Ok(await ChangeResponses.LoadAsync(db, change, actor, ct));
    }

    internal static async Task<Ok<IReadOnlyList<ChangeHistoryResponse>>> ChangeHistory(
        Guid changeId, PracticeChanges changes, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var history = await changes.HistoryAsync(changeId, actor, ct);
        return TypedResults.Ok<IReadOnlyList<ChangeHistoryResponse>>(history.Select(ChangeResponses.ToResponse).ToList());
    }
}
