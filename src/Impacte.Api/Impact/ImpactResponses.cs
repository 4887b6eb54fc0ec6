using Impacte.Domain.Changes;
using Impacte.Domain.Impact;
using Impacte.Domain.Measures;

namespace Impacte.Api.Impact;

public sealed record ReportPointResponse(string Period, decimal Value, decimal Numerator, decimal? Denominator);

public sealed record ReportSignalResponse(string Rule, string FromPeriod, string ToPeriod, string Meaning, string Text);

public sealed record ReportAuditResponse(DateOnly DueOn, bool Done, string? Result);

/// <summary>
/// One measure in a report: <c>baseline</c> is the frozen baseline's centre line and <c>latest</c> the last point
/// (proportions from 0 to 1; <c>standardPercent</c> in percent); <c>chart</c> is where the SVG is drawn.
/// </summary>
public sealed record ReportMeasureResponse(
    Guid Id, string Name, string NumeratorDefinition, string? DenominatorDefinition, decimal? StandardPercent,
    string ChartKind, decimal? Baseline, ReportPointResponse? Latest, IReadOnlyList<ReportSignalResponse> Signals,
    string Description, IReadOnlyList<ReportAuditResponse> Audits, string Chart);

public sealed record ReportCycleResponse(
    int Number, string Plan, string? Who, string? When, string? Where, string Prediction, DateOnly PlannedOn,
    string? WhatHappened, DateOnly? DoneOn, string? Study, DateOnly? StudiedOn, string? Act, string? ActNote, DateOnly? ActedOn);

public sealed record ReportDecisionResponse(Guid MeetingId, DateTimeOffset StartsAt, string? Outcome);

/// <summary>A change's report, in reading order; <c>question</c>, <c>appraisal</c> and <c>decision</c> are null when there is none or it is not yours to see.</summary>
public sealed record ChangeReportResponse(
    ReportQuestion? Question, ReportAppraisal? Appraisal, ReportDecisionResponse? Decision,
    Guid Id, Guid ClubId, string ClubName, string Title, string Description, string Owner, IReadOnlyList<string> Team,
    DateOnly DueOn, DateTimeOffset CreatedAt, DateTimeOffset? ImplementedAt, string Status, int ProgressScore, string Progress,
    string? AbandonReason, IReadOnlyList<ReportMeasureResponse> Measures, IReadOnlyList<ReportCycleResponse> Cycles,
    string? WhatDidNotWork, string? HowItMadeADifference)
{
    public static ChangeReportResponse From(ChangeReport r)
    {
        var c = r.Change;
        return new ChangeReportResponse(
            r.Question, r.Appraisal, r.Decision is { } d ? new ReportDecisionResponse(d.MeetingId, d.StartsAt, d.Outcome) : null,
            c.Id, c.ClubId, r.ClubName, c.Title, c.Description, r.OwnerName, r.Team, c.DueOn, c.CreatedAt, c.ImplementedAt,
            c.Status.Name(), r.Progress.Score, r.Progress.Label, c.AbandonReason,
            r.Measures.Select(Measure).ToList(),
            r.Cycles.Select(p => new ReportCycleResponse(p.Number, p.Plan, p.Who, p.When, p.Where, p.Prediction, p.PlannedOn,
                p.WhatHappened, p.DoneOn, p.Study, p.StudiedOn, p.Act, p.ActNote, p.ActedOn)).ToList(),
            c.WhatDidNotWork, c.HowItMadeADifference);
    }

    private static ReportMeasureResponse Measure(MeasureFacts m)
    {
        var chart = m.Chart;
        var last = chart.Points.Count == 0 ? null : chart.Points[^1];
        return new ReportMeasureResponse(
            m.Id, m.Name, m.NumeratorDefinition, m.DenominatorDefinition, m.StandardPercent, Kind(chart.Kind),
            chart.Baselines.Count == 0 ? null : chart.Baselines[0].Centre,
            last is null ? null : new ReportPointResponse(last.Period, last.Value, last.Numerator, last.Denominator),
            chart.Signals.Select(s => new ReportSignalResponse(Rule(s.Rule), s.FromPeriod, s.ToPeriod,
                s.Meaning == SignalMeaning.Improvement ? "improvement" : "concern", ImpactReports.Describe(s))).ToList(),
            chart.Description, m.Audits.Select(a => new ReportAuditResponse(a.DueOn, a.Done, a.Result)).ToList(),
            $"/api/measures/{m.Id}/chart.svg");
    }

    private static string Kind(ChartKind k) => k switch { ChartKind.P => "p", ChartKind.XmR => "xmr", _ => "run" };

    private static string Rule(SignalRule r) => r switch
    {
        SignalRule.OutsideLimits => "outside-limits",
        SignalRule.Shift => "shift",
        SignalRule.Trend => "trend",
        _ => "two-of-three",
    };
}
