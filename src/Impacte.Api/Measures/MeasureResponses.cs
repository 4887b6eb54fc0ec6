using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Changes;
using Impacte.Domain.Measures;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Measures;

/// <summary>
/// <c>direction</c>: up or down (default up); <c>period</c>: month or week (default month); <c>baselinePoints</c>: 6 to 52
/// (default 6); <c>chartPreference</c>: auto or run; no <c>denominatorDefinition</c> makes a plain count or rate.
/// </summary>
public sealed record CreateMeasureRequest(
    string? Name, string? NumeratorDefinition, string? DenominatorDefinition, decimal? StandardPercent, string? DataSource,
    string? Direction, int? BaselinePoints, string? Period, string? ChartPreference);

/// <summary>0 ≤ numerator ≤ denominator; a count or rate measure takes no denominator.</summary>
public sealed record PointRequest(decimal? Numerator, decimal? Denominator, string? Note);

/// <summary>A new baseline of <c>points</c> periods (default: the measure's) from <c>fromPeriod</c>, after the current one; <c>reason</c> is required.</summary>
public sealed record RebaselineRequest(string? FromPeriod, int? Points, string? Reason);

/// <summary>A re-audit's due date, and optionally the period it reads (default: the last whole period before the date).</summary>
public sealed record AuditScheduleRequest(DateOnly? DueOn, string? Period);

public sealed record AuditResultRequest(string? Note);

/// <summary>A baseline: the original (no <c>fromPeriod</c>, no <c>reason</c>) or a re-baseline; <c>frozenThrough</c> once complete.</summary>
public sealed record BaselineResponse(string? FromPeriod, int Points, string? Reason, string? FrozenThrough, DateTimeOffset? FrozenAt, DateTimeOffset At);

/// <summary>
/// One step of the audit cycle. <c>kind</c>: baseline or re-audit; <c>period</c>: the measured period a re-audit reads;
/// <c>status</c>: unscheduled (waiting for a date or the implementation), scheduled, overdue or recorded.
/// </summary>
public sealed record AuditResponse(
    Guid Id, Guid MeasureId, string Kind, DateOnly? DueOn, string? Period, int? MonthsAfterImplementation, string Status,
    AuditResultResponse? Result);

/// <summary><c>value</c> is a proportion (0–1) or a count; <c>againstBaseline</c>: better, same or worse (re-audits only).</summary>
public sealed record AuditResultResponse(decimal Value, bool? StandardMet, decimal? BaselineCentre, string? AgainstBaseline, string? Note, DateTimeOffset RecordedAt);

public sealed record MeasureResponse(
    Guid Id, Guid ChangeId, string Name, string NumeratorDefinition, string? DenominatorDefinition, decimal? StandardPercent,
    string? DataSource, string Period, string Direction, int BaselinePoints, string ChartPreference,
    IReadOnlyList<BaselineResponse> Baselines, IReadOnlyList<AuditResponse> Audits,
    bool CanEdit, bool CanSchedule, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One save of a measurement: the first entry, then each correction.</summary>
public sealed record PointRevisionResponse(decimal Numerator, decimal? Denominator, string? Note, bool Correction, PersonResponse? By, DateTimeOffset At);

/// <summary><c>value</c>: numerator / denominator (null when the denominator is 0), or the count itself.</summary>
public sealed record PointResponse(
    Guid MeasureId, string Period, decimal Numerator, decimal? Denominator, decimal? Value, string? Note,
    DateTimeOffset EnteredAt, DateTimeOffset UpdatedAt, IReadOnlyList<PointRevisionResponse> History);

public sealed record ChartPointResponse(string Period, decimal Value, decimal Numerator, decimal? Denominator,
    decimal Centre, decimal? UpperLimit, decimal? LowerLimit, bool InBaseline);

/// <summary><c>rule</c>: outside-limits, shift, trend or two-of-three; <c>meaning</c>: improvement or concern.</summary>
public sealed record ChartSignalResponse(string Rule, string FromPeriod, string ToPeriod, int Points, string Meaning);

public sealed record ChartAnnotationResponse(DateOnly Date, string Label);

public sealed record ChartBaselineResponse(string FromPeriod, string ToPeriod, int Points, bool Provisional, decimal Centre,
    decimal? UpperLimit, decimal? LowerLimit, string? Reason);

/// <summary>
/// A measure's chart: <c>kind</c> p, xmr or run; values are proportions (0–1) for p-charts; <c>centre</c> and limits are
/// the latest baseline's (limits null on run charts, and per point on p-charts).
/// </summary>
public sealed record ChartResponse(
    string Kind, string Title, string Description, string Direction, decimal? Centre, decimal? UpperLimit, decimal? LowerLimit,
    IReadOnlyList<ChartPointResponse> Points, IReadOnlyList<ChartSignalResponse> Signals, IReadOnlyList<ChartAnnotationResponse> Annotations,
    IReadOnlyList<ChartBaselineResponse> Baselines);

/// <summary>Hand-written mapping from the domain to what the API (and the pages) show.</summary>
public static class MeasureResponses
{
    public static MeasureResponse ToResponse(Measure m, Actor actor, DateOnly today) => new(
        m.Id, m.ChangeId, m.Name, m.NumeratorDefinition, m.DenominatorDefinition, m.StandardPercent, m.DataSource,
        Words.Name(Words.Periods, m.Period), Words.Name(Words.Directions, m.Direction), m.BaselinePoints,
        Words.Name(Words.Preferences, m.ChartPreference),
        m.Baselines.Select(b => new BaselineResponse(b.FromPeriod, b.Points, b.Reason, b.FrozenThrough, b.FrozenAt, b.At)).ToList(),
        m.Audits.Select(a => ToResponse(a, today)).ToList(),
        ChangeMeasures.CanEdit(actor, m.Change), ChangeMeasures.CanSchedule(actor, m.Change), m.CreatedAt, m.UpdatedAt);

    public static AuditResponse ToResponse(MeasureAudit a, DateOnly today) => new(
        a.Id, a.MeasureId, a.Kind == AuditKind.Baseline ? "baseline" : "re-audit", a.DueOn, a.Period, a.MonthsAfterImplementation,
        AuditStatus(a, today),
        a.RecordedAt is { } at
            ? new AuditResultResponse(a.Value!.Value, a.StandardMet, a.BaselineCentre, a.AgainstBaseline?.ToString().ToLowerInvariant(), a.ResultNote, at)
            : null);

    public static string AuditStatus(MeasureAudit a, DateOnly today) =>
        a.IsRecorded ? "recorded" : a.DueOn is null ? "unscheduled" : a.DueOn < today ? "overdue" : "scheduled";

    public static async Task<PointResponse> ToResponseAsync(ImpacteDbContext db, Measurement p, CancellationToken ct)
    {
        var revisions = await db.Set<MeasurementRevision>().Where(r => r.MeasurementId == p.Id).OrderBy(r => r.At).ThenBy(r => r.Id).ToListAsync(ct);
        var ids = revisions.Where(r => r.ById is not null).Select(r => r.ById!.Value).Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return new PointResponse(p.MeasureId, p.Period, p.Numerator, p.Denominator,
            new MeasurePoint(p.Period, p.Ordinal, p.Numerator, p.Denominator).Value, p.Note, p.EnteredAt, p.UpdatedAt,
            revisions.Select(r => new PointRevisionResponse(r.Numerator, r.Denominator, r.Note, r.IsCorrection,
                r.ById is { } by && names.TryGetValue(by, out var name) ? new PersonResponse(by, name) : null, r.At)).ToList());
    }

    public static ChartResponse ToResponse(MeasureChartView view)
    {
        var c = view.Chart;
        return new ChartResponse(
            c.Kind.Name(), view.Title, view.Description, Words.Name(Words.Directions, c.Direction), c.Centre, c.UpperLimit, c.LowerLimit,
            c.Points.Select(p => new ChartPointResponse(p.Period, p.Value, p.Numerator, p.Denominator, p.Centre, p.UpperLimit, p.LowerLimit, p.InBaseline)).ToList(),
            c.Signals.Select(s => new ChartSignalResponse(s.Rule.Name(), s.FromPeriod, s.ToPeriod, s.Points, s.Meaning.ToString().ToLowerInvariant())).ToList(),
            view.Annotations.Select(a => new ChartAnnotationResponse(a.Date, a.Label)).ToList(),
            c.Baselines.Select(b => new ChartBaselineResponse(b.FromPeriod, b.ToPeriod, b.Points, b.Provisional, b.Centre, b.UpperLimit, b.LowerLimit, b.Reason)).ToList());
    }
}
