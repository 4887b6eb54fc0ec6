using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain.Common;
using Impacte.Domain.Cpd;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Cpd;

/// <summary>
/// CPD evidence: the caller's own log (JSON and CSV) and their reflections on meetings they attended. There is no way
/// to name another person here: everyone, admins included, reads and writes only their own.
/// </summary>
public static class CpdApi
{
    public static RouteGroupBuilder MapCpdApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("CPD")
            .RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        var me = group.MapGroup("/me");
        me.MapGet("/cpd", GetCpd).WithName(nameof(GetCpd)).ProducesValidationProblem()
            .WithSummary("Your CPD log: meetings attended (hours, reflections) and changes you own or work on, over ?from=&to= (yyyy-MM-dd; default the last 12 months).");
        me.MapGet("/cpd.csv", GetCpdCsv).WithName(nameof(GetCpdCsv)).Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem()
            .WithSummary("Your CPD log as CSV (one row per learning event and per quality-improvement activity), formula-safe for spreadsheets.");

        // Mapped one by one (not as a group with an empty pattern, which would end the route in a slash).
        const string reflection = "/meetings/{meetingId:guid}/reflection";
        group.MapGet(reflection, GetReflection).WithName(nameof(GetReflection)).RequireMeeting(ClubPermission.View)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Your reflection on a meeting you attended (404 until you write one).");
        group.MapPut(reflection, PutReflection).WithName(nameof(PutReflection)).RequireMeeting(ClubPermission.View)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem()
            .WithSummary("Write or replace your reflection on a meeting you attended: what you learned, what you will change.");
        return group;
    }

    internal static async Task<Ok<CpdResponse>> GetCpd(string? from, string? to, CpdEvidence cpd, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var period = cpd.Period(from, to);
        var log = await cpd.LogAsync(await actors.ForAsync(user, ct), period, ct);
        return TypedResults.Ok(log.ToResponse());
    }

    internal static async Task<FileContentHttpResult> GetCpdCsv(string? from, string? to, CpdEvidence cpd, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var period = cpd.Period(from, to);
        var (content, fileName) = (await cpd.LogAsync(await actors.ForAsync(user, ct), period, ct)).ToCsv();
        return TypedResults.File(content, "text/csv; charset=utf-8", fileName);
    }

    internal static async Task<Ok<ReflectionResponse>> GetReflection(Guid meetingId, CpdEvidence cpd, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var reflection = await cpd.FindReflectionAsync(meetingId, await actors.ForAsync(user, ct), ct)
            ?? throw new NotFoundException("Your reflection on this meeting");
        return TypedResults.Ok(reflection.ToResponse());
    }

    internal static async Task<Ok<ReflectionResponse>> PutReflection(
        Guid meetingId, ReflectionRequest request, CpdEvidence cpd, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var reflection = await cpd.SaveReflectionAsync(meetingId, new ReflectionInput(request.WhatILearned, request.WhatIWillChange),
            await actors.ForAsync(user, ct), ct);
        return TypedResults.Ok(reflection.ToResponse());
    }
}
