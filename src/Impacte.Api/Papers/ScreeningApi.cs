using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain.Common;
using Impacte.Domain.Papers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Papers;

/// <summary>Title and abstract screening of the records imported for a question (librarians).</summary>
public static class ScreeningApi
{
    public static RouteGroupBuilder MapScreeningApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/questions/{questionId:guid}/screening").WithTags("Evidence")
            .RequireAuthorization(AuthSetup.ApiPolicy).RequireAuthorization(AuthSetup.LibrarianPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListScreening).WithName(nameof(ListScreening)).RequireQuestion(QuestionPermission.View).ProducesValidationProblem()
            .WithSummary("The question's imported records to screen (pending=true: only those not yet decided), with PRISMA-style counts (librarian).");
        group.MapPost("/{paperId:guid}", Decide).WithName(nameof(Decide)).RequireQuestion(QuestionPermission.View).ProducesValidationProblem()
            .WithSummary("Include or exclude one record (exclude needs a reason: " + string.Join(", ", ExclusionReasons.All.Select(r => r.Slug())) +
                "; 'other' needs a note). Only included papers are attached to the question.");
        return group;
    }

    internal static async Task<Ok<ScreeningResponse>> ListScreening(
        Guid questionId, bool? pending, int? page, int? pageSize, Screening screening, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var request = PageRequest.From(page, pageSize);
        var (items, total) = await screening.ListAsync(questionId, pending == true, request, actor, ct);
        var counts = await screening.CountsAsync(questionId, actor, ct);
        return TypedResults.Ok(new ScreeningResponse(ToResponse(counts),
            new Paged<ScreeningItemResponse>(items.Select(ToResponse).ToList(), total, request.Page, request.PageSize)));
    }

    internal static async Task<Ok<ScreeningItemResponse>> Decide(
        Guid questionId, Guid paperId, ScreeningDecisionRequest request, Screening screening, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var include = request.Decision?.Trim().ToLowerInvariant() switch
        {
            "include" => true,
            "exclude" => false,
            _ => throw new DomainValidationException("decision", "Decide include or exclude."),
        };
        ExclusionReason? reason = null;
        if (!include && request.Reason is not null)
            reason = ExclusionReasons.TryParse(request.Reason)
                ?? throw new DomainValidationException("reason", "Choose one of: " + string.Join(", ", ExclusionReasons.All.Select(r => r.Slug())) + ".");
        var actor = await actors.ForAsync(user, ct);
        await screening.DecideAsync(questionId, paperId, include, reason, request.Note, actor, ct);
        var (items, _) = await screening.ListAsync(questionId, false, new PageRequest(1, 100_000), actor, ct);
        return TypedResults.Ok(ToResponse(items.Single(i => i.PaperId == paperId)));
    }

    internal static ScreeningCountsResponse ToResponse(ScreeningCounts c) => new(c.Found, c.DuplicatesRemoved, c.Screened, c.Pending, c.Included,
        c.Excluded, c.ExcludedBy.Select(r => new ExclusionCountResponse(r.Reason.Slug(), r.Reason.Label(), r.Count)).ToList());

    internal static ScreeningItemResponse ToResponse(ScreeningItem i) => new(i.PaperId, i.Title, i.Citation, i.Abstract, i.Doi, i.Pmid,
        i.Decision.ToString().ToLowerInvariant(), i.Reason?.Slug(), i.Note);
}
