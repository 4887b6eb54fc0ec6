using System.Security.Claims;
using System.Text;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Audit;
using Impacte.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Audit;

/// <summary>The audit trail for network admins (404 for anyone else): filtered by person and date, paged, and as CSV.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthSetup.ApiPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        group.MapGet("/audit", ListAuditEvents).WithName(nameof(ListAuditEvents))
            .WithSummary("The audit trail, newest first: acts by or to a person (personId), between two dates of the network's calendar (from, to; Europe/London).");
        group.MapGet("/audit.csv", AuditEventsCsv).WithName(nameof(AuditEventsCsv)).Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("The same, oldest first, as CSV (text a spreadsheet would run as a formula is escaped).");
        return group;
    }

    internal static async Task<Ok<Paged<AuditEventResponse>>> ListAuditEvents(AuditLog log, Actors actors, ClaimsPrincipal user,
        Guid? personId, DateOnly? from, DateOnly? to, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var (items, total) = await log.ListAsync(await actors.ForAsync(user, ct), new AuditFilter(personId, from, to), request, ct);
        return TypedResults.Ok(new Paged<AuditEventResponse>(items.Select(ToResponse).ToList(), total, request.Page, request.PageSize));
    }

    internal static async Task<FileContentHttpResult> AuditEventsCsv(AuditLog log, Actors actors, ClaimsPrincipal user,
        Guid? personId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        using var writer = new StringWriter();
        await log.WriteCsvAsync(await actors.ForAsync(user, ct), new AuditFilter(personId, from, to), writer, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "audit-trail.csv");
    }

    private static AuditEventResponse ToResponse(AuditRow r) =>
        new(r.Id, r.At, r.LocalAt, r.ActorId, r.ActorName, r.Action, r.TargetType, r.TargetId, r.TargetName, r.Before, r.After, r.Ip);

    /// <summary>
    /// Gives the request's DbContext the remote address, so every act a Domain service records in the audit trail says
    /// where it came from without each service taking it as a parameter.
    /// </summary>
    public static WebApplication UseAuditAddress(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<ImpacteDbContext>().RequestAddress = context.Connection.RemoteIpAddress?.ToString();
            return next(context);
        });
        return app;
    }
}
