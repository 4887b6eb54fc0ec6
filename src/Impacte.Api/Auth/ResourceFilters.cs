namespace Impacte.Api.Auth;

/// <summary>Marks an endpoint as meeting-scoped ({meetingId}): its club's rule answers. Tests read it.</summary>
public sealed record MeetingPermissionMetadata(ClubPermission Permission);

/// <summary>Marks an endpoint as question-scoped ({questionId}). Tests read it.</summary>
public sealed record QuestionPermissionMetadata(QuestionPermission Permission);

/// <summary>Marks an endpoint as scoped to a practice change or what hangs off it ({changeId}, {measureId}, {pdsaId}, {auditId}). Tests read it.</summary>
public sealed record ChangePermissionMetadata(string RouteKey, ChangePermission Permission);

/// <summary>
/// Route filters that decide access to the resource a route names before the handler runs, through the Domain's
/// <see cref="ResourceAccess"/>: 404 (ProblemDetails) for someone with no business in it, 403 for someone who may see
/// it but not do this. The {clubId} one is <see cref="Clubs.ClubAccessEndpointExtensions.RequireClub"/>.
/// </summary>
public static class ResourceFilters
{
    /// <summary>Checks the caller's right in the club of the meeting named by the route's {meetingId}.</summary>
    public static RouteHandlerBuilder RequireMeeting(this RouteHandlerBuilder builder, ClubPermission permission) =>
        builder.WithMetadata(new MeetingPermissionMetadata(permission))
            .Require("meetingId", "The meeting", (access, actor, id, ct) => access.EnsureMeetingAsync(actor, id, permission, ct));

    /// <summary>Checks the caller's right to the question named by the route's {questionId}.</summary>
    public static RouteHandlerBuilder RequireQuestion(this RouteHandlerBuilder builder, QuestionPermission permission) =>
        builder.WithMetadata(new QuestionPermissionMetadata(permission))
            .Require("questionId", "The question", (access, actor, id, ct) => access.EnsureQuestionAsync(actor, id, permission, ct));

    /// <summary>Checks the caller's right to the practice change named by the route's {changeId}.</summary>
    public static RouteHandlerBuilder RequireChange(this RouteHandlerBuilder builder, ChangePermission permission) =>
        builder.WithMetadata(new ChangePermissionMetadata("changeId", permission))
            .Require("changeId", "The change", (access, actor, id, ct) => access.EnsureChangeAsync(actor, id, permission, ct));

    /// <summary>Checks the caller's right in the change of the measure named by the route's {measureId}.</summary>
    public static RouteHandlerBuilder RequireMeasure(this RouteHandlerBuilder builder, ChangePermission permission) =>
        builder.WithMetadata(new ChangePermissionMetadata("measureId", permission))
            .Require("measureId", "The measure", (access, actor, id, ct) => access.EnsureMeasureAsync(actor, id, permission, ct));

    /// <summary>Checks the caller's right in the change of the PDSA cycle named by the route's {pdsaId}.</summary>
    public static RouteHandlerBuilder RequirePdsa(this RouteHandlerBuilder builder, ChangePermission permission) =>
        builder.WithMetadata(new ChangePermissionMetadata("pdsaId", permission))
            .Require("pdsaId", "The PDSA cycle", (access, actor, id, ct) => access.EnsurePdsaAsync(actor, id, permission, ct));

    /// <summary>Checks the caller's right in the change of the audit named by the route's {auditId}.</summary>
    public static RouteHandlerBuilder RequireAudit(this RouteHandlerBuilder builder, ChangePermission permission) =>
        builder.WithMetadata(new ChangePermissionMetadata("auditId", permission))
            .Require("auditId", "The audit", (access, actor, id, ct) => access.EnsureAuditAsync(actor, id, permission, ct));

    internal static RouteHandlerBuilder Require(this RouteHandlerBuilder builder, string routeKey, string what,
        Func<ResourceAccess, Actor, Guid, CancellationToken, Task> ensure) =>
        builder
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                if (!Guid.TryParse(http.GetRouteValue(routeKey)?.ToString(), out var id))
                    throw new Domain.Common.NotFoundException(what);
                await ensure(http.RequestServices.GetRequiredService<ResourceAccess>(), await Actors.ForAsync(http), id, http.RequestAborted);
                return await next(context);
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
