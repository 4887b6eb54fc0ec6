using System.Security.Claims;
using System.Text;
using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Api.Clubs;
using Impacte.Domain.Changes;
using Impacte.Domain.Impact;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Impact;

/// <summary>Impact as data: a change's report (JSON) and the club's and network's impact as CSV.</summary>
public static class ImpactApi
{
    public static RouteGroupBuilder MapImpactApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Impact")
            .RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/clubs/{clubId:guid}/impact.csv", ClubImpactCsv).WithName(nameof(ClubImpactCsv)).RequireClub(ClubPermission.ViewMembers)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("The club's changes with status, progress score, measures improving, audits due and overdue, and why abandoned ones stopped (its members, admins).");
        group.MapGet("/impact.csv", NetworkImpactCsv).WithName(nameof(NetworkImpactCsv))
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("The same across the network, for the changes you may see (your clubs', and every implemented or sustained one).");
        group.MapGet("/changes/{changeId:guid}/report", ChangeReport).WithName(nameof(ChangeReport)).RequireChange(ChangePermission.View).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A change's report: question, appraisal, meeting decision, the change, its measures and signals, PDSA learning, what did not work and how it made a difference.");
        return group;
    }

    internal static async Task<FileContentHttpResult> ClubImpactCsv(
        Guid clubId, ImpactReports impact, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        return Csv(await impact.ClubAsync(clubId, actor, ct), "club-impact.csv");
    }

    internal static async Task<FileContentHttpResult> NetworkImpactCsv(ImpactReports impact, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        return Csv(await impact.NetworkAsync(actor, ct), "network-impact.csv");
    }

    internal static async Task<Ok<ChangeReportResponse>> ChangeReport(
        Guid changeId, ChangeReports reports, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        return TypedResults.Ok(ChangeReportResponse.From(await reports.LoadAsync(changeId, actor, ct)));
    }

    /// <summary>The report as a CSV download (also used by the pages).</summary>
    public static FileContentHttpResult Csv(ImpactReport report, string fileName)
    {
        using var writer = new StringWriter();
        ImpactReports.WriteCsv(report, writer);
        return TypedResults.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", fileName);
    }
}
