using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Domain;
using Impacte.Domain.Measures;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Measures;

public static class MeasuresApi
{
    public static RouteGroupBuilder MapMeasuresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Measures")
            .RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        var change = group.MapGroup("/changes/{changeId:guid}/measures");
        change.MapPost("/", CreateMeasure).WithName(nameof(CreateMeasure)).RequireChange(ChangePermission.Edit).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add a measure (an audit criterion) to a change (its owner, the club's leads, admins).");
        change.MapGet("/", ListMeasures).WithName(nameof(ListMeasures)).RequireChange(ChangePermission.View)
            .WithSummary("The change's measures, with their baselines and audits.");

        var measures = group.MapGroup("/measures/{measureId:guid}");
        measures.MapGet("/", GetMeasure).WithName(nameof(GetMeasure)).RequireMeasure(ChangePermission.View).WithSummary("One measure, with its baselines and audits.");
        measures.MapGet("/points", ListPoints).WithName(nameof(ListPoints)).RequireMeasure(ChangePermission.View).WithSummary("Every measurement, in period order.");
        measures.MapGet("/points/{period}", GetPoint).WithName(nameof(GetPoint)).RequireMeasure(ChangePermission.View).ProducesValidationProblem()
            .WithSummary("One period's measurement (2026-10 or 2026-W43) with every correction.");
        measures.MapPut("/points/{period}", PutPoint).WithName(nameof(PutPoint)).RequireMeasure(ChangePermission.Edit).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Enter (201) or correct (200) one period's numbers; 409 inside a frozen baseline.");
        measures.MapGet("/chart", GetChart).WithName(nameof(GetChart)).RequireMeasure(ChangePermission.View)
            .WithSummary("The chart as data: kind, centre line and limits, points, signals and annotations.");
        measures.MapGet("/chart.svg", GetChartSvg).WithName(nameof(GetChartSvg)).RequireMeasure(ChangePermission.View).Produces<string>(StatusCodes.Status200OK, "image/svg+xml")
            .WithSummary("The chart drawn as SVG, with its title and description inside.");
        measures.MapGet("/chart.png", GetChartPng).WithName(nameof(GetChartPng)).RequireMeasure(ChangePermission.View).Produces<string>(StatusCodes.Status200OK, "image/png")
            .WithSummary("The chart drawn as PNG (as in emails).");
        measures.MapPost("/rebaselines", Rebaseline).WithName(nameof(Rebaseline)).RequireMeasure(ChangePermission.Edit).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Start a new baseline from a later period, with the reason; earlier baselines stay on the chart.");
        measures.MapGet("/audits", ListAudits).WithName(nameof(ListAudits)).RequireMeasure(ChangePermission.View).WithSummary("The audit cycle: the baseline audit, then re-audits by due date.");
        measures.MapPost("/audits", AddAudit).WithName(nameof(AddAudit)).RequireMeasure(ChangePermission.Schedule).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Add a re-audit due on a date (the club's leads, admins).");

        var audits = group.MapGroup("/audits/{auditId:guid}");
        audits.MapPatch("/", ScheduleAudit).WithName(nameof(ScheduleAudit)).RequireAudit(ChangePermission.Schedule).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Set an audit's due date, and the period a re-audit reads (the club's leads, admins).");
        audits.MapPost("/result", RecordAudit).WithName(nameof(RecordAudit)).RequireAudit(ChangePermission.Edit).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record the audit's result: against the standard and against the baseline (the owner, the club's leads, admins).");
        return group;
    }

    internal static async Task<Created<MeasureResponse>> CreateMeasure(
        Guid changeId, CreateMeasureRequest request, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var measure = await measures.CreateAsync(changeId, new MeasureInput(request.Name, request.NumeratorDefinition, request.DenominatorDefinition,
            request.StandardPercent, request.DataSource, request.Direction, request.BaselinePoints, request.Period, request.ChartPreference), actor, ct);
        return TypedResults.Created($"/api/measures/{measure.Id}", MeasureResponses.ToResponse(measure, actor, measures.TodayFor(measure.Change)));
    }

    internal static async Task<Ok<IReadOnlyList<MeasureResponse>>> ListMeasures(
        Guid changeId, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var list = await measures.ListAsync(changeId, actor, ct);
        return TypedResults.Ok<IReadOnlyList<MeasureResponse>>(
            list.Select(m => MeasureResponses.ToResponse(m, actor, measures.TodayFor(m.Change))).ToList());
    }

    internal static async Task<Ok<MeasureResponse>> GetMeasure(Guid measureId, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var measure = await measures.FindAsync(measureId, actor, ct);
        return TypedResults.Ok(MeasureResponses.ToResponse(measure, actor, measures.TodayFor(measure.Change)));
    }

    internal static async Task<Ok<IReadOnlyList<PointResponse>>> ListPoints(
        Guid measureId, ChangeMeasures measures, ImpacteDbContext db, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var measure = await measures.FindAsync(measureId, actor, ct);
        var points = new List<PointResponse>();
        foreach (var point in await measures.PointsAsync(measure, ct))
            points.Add(await MeasureResponses.ToResponseAsync(db, point, ct));
        return TypedResults.Ok<IReadOnlyList<PointResponse>>(points);
    }

    internal static async Task<Results<Ok<PointResponse>, ProblemHttpResult>> GetPoint(
        Guid measureId, string period, ChangeMeasures measures, ImpacteDbContext db, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var (_, parsed, measurement) = await measures.PointAsync(measureId, period, actor, ct);
        if (measurement is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Nothing is entered for {parsed.Label} yet.");
        return TypedResults.Ok(await MeasureResponses.ToResponseAsync(db, measurement, ct));
    }

    internal static async Task<Results<Created<PointResponse>, Ok<PointResponse>>> PutPoint(
        Guid measureId, string period, PointRequest request, ChangeMeasures measures, ImpacteDbContext db, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var saved = await measures.SavePointAsync(measureId, period, new PointInput(request.Numerator, request.Denominator, request.Note), actor, ct);
        var response = await MeasureResponses.ToResponseAsync(db, saved.Measurement, ct);
        return saved.Created
            ? TypedResults.Created($"/api/measures/{measureId}/points/{saved.Measurement.Period}", response)
            : TypedResults.Ok(response);
    }

    internal static async Task<Ok<ChartResponse>> GetChart(Guid measureId, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        return TypedResults.Ok(MeasureResponses.ToResponse(await measures.ChartAsync(measureId, actor, ct)));
    }

    internal static async Task<ContentHttpResult> GetChartSvg(Guid measureId, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var view = await measures.ChartAsync(measureId, actor, ct);
        return TypedResults.Text(ChartDrawing.Svg(view, $"chart-{measureId:N}"), "image/svg+xml");
    }

    internal static async Task<FileContentHttpResult> GetChartPng(Guid measureId, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var view = await measures.ChartAsync(measureId, actor, ct);
        return TypedResults.File(ChartDrawing.Png(view), "image/png", $"measure-{measureId:N}.png");
    }

    internal static async Task<Created<MeasureResponse>> Rebaseline(
        Guid measureId, RebaselineRequest request, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        await measures.RebaselineAsync(measureId, request.FromPeriod, request.Points, request.Reason, actor, ct);
        var measure = await measures.FindAsync(measureId, actor, ct);
        return TypedResults.Created($"/api/measures/{measureId}", MeasureResponses.ToResponse(measure, actor, measures.TodayFor(measure.Change)));
    }

    internal static async Task<Ok<IReadOnlyList<AuditResponse>>> ListAudits(Guid measureId, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var measure = await measures.FindAsync(measureId, actor, ct);
        var today = measures.TodayFor(measure.Change);
        return TypedResults.Ok<IReadOnlyList<AuditResponse>>(measure.Audits.Select(a => MeasureResponses.ToResponse(a, today)).ToList());
    }

    internal static async Task<Created<AuditResponse>> AddAudit(
        Guid measureId, AuditScheduleRequest request, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var audit = await measures.AddAuditAsync(measureId, request.DueOn, request.Period, actor, ct);
        var measure = await measures.FindAsync(measureId, actor, ct);
        return TypedResults.Created($"/api/measures/{measureId}/audits", MeasureResponses.ToResponse(audit, measures.TodayFor(measure.Change)));
    }

    internal static async Task<Ok<AuditResponse>> ScheduleAudit(
        Guid auditId, AuditScheduleRequest request, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var audit = await measures.ScheduleAuditAsync(auditId, request.DueOn, request.Period, actor, ct);
        var measure = await measures.FindAsync(audit.MeasureId, actor, ct);
        return TypedResults.Ok(MeasureResponses.ToResponse(audit, measures.TodayFor(measure.Change)));
    }

    internal static async Task<Ok<AuditResponse>> RecordAudit(
        Guid auditId, AuditResultRequest request, ChangeMeasures measures, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = await actors.ForAsync(user, ct);
        var audit = await measures.RecordAuditAsync(auditId, request.Note, actor, ct);
        var measure = await measures.FindAsync(audit.MeasureId, actor, ct);
        return TypedResults.Ok(MeasureResponses.ToResponse(audit, measures.TodayFor(measure.Change)));
    }
}
