using System.Globalization;
using Impacte.Domain.Measures;

namespace Impacte.Api.Pages.Measures;

/// <summary>A measure's card as pages draw it: the measure, its chart (with the SVG ready to inline) and whether the reader may edit.</summary>
public sealed record MeasureCard(Measure Measure, MeasureChartView Chart, string Svg, bool CanEdit, bool Compact);

/// <summary>How pages write a measure's words and numbers.</summary>
public static class MeasureDisplay
{
    public static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A plotted value as people read it: a percentage for proportions, the count itself otherwise.</summary>
    public static string Value(Measure measure, decimal? value) => value is not { } v ? "no value"
        : measure.IsProportion ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : Number(v);

    public static string Kind(ChartKind kind) => kind switch
    {
        ChartKind.P => "P-chart (proportion, control limits from each month's denominator)",
        ChartKind.XmR => "XmR chart (counts or rates, control limits)",
        _ => "Run chart (around the baseline median)",
    };

    public static string Period(MeasurePeriodKind kind) => kind == MeasurePeriodKind.Month ? "monthly" : "weekly";

    public static string Direction(ImprovementDirection direction) =>
        direction == ImprovementDirection.Up ? "higher is better" : "lower is better";

    public static string AuditKind(MeasureAudit audit) => audit.Kind == Domain.Measures.AuditKind.Baseline
        ? "Baseline audit"
        : audit.MonthsAfterImplementation is { } months ? $"Re-audit ({months} months after implementation)" : "Re-audit";

    public static string AuditStatus(MeasureAudit audit, DateOnly today) => Impacte.Api.Measures.MeasureResponses.AuditStatus(audit, today) switch
    {
        "recorded" => "Recorded",
        "unscheduled" => audit.Kind == Domain.Measures.AuditKind.ReAudit && audit.MonthsAfterImplementation is not null
            ? "Dated when the change is implemented" : "No date set",
        "overdue" => "Overdue",
        _ => "Scheduled",
    };

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")) ?? "";

    public static string Date(DateTimeOffset? at) => at is { } a ? Date(DateOnly.FromDateTime(a.UtcDateTime)) : "";
}
