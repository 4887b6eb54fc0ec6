using System.Globalization;
using System.Text;

namespace Impacte.Domain.Measures;

/// <summary>
/// The chart in words, for the accessible description beside it: what is plotted, the baseline(s) and limits,
/// the latest value, and every signal with its meaning. Plain sentences, no jargon beyond the rule names.
/// </summary>
internal static class ChartDescription
{
    public static string Write(MeasureChart chart)
    {
        var text = new StringBuilder();
        var points = chart.Points;
        text.Append($"{KindName(chart.Kind)} of {Count(points.Count, "point")} from {points[0].Period} to {points[^1].Period}");
        text.Append(chart.Direction == ImprovementDirection.Up ? "; higher is better." : "; lower is better.");
        if (chart.PeriodsWithoutValue > 0)
            text.Append($" {Count(chart.PeriodsWithoutValue, "period")} without a value {(chart.PeriodsWithoutValue == 1 ? "is" : "are")} skipped, not counted as zero.");

        for (var i = 0; i < chart.Baselines.Count; i++)
        {
            var baseline = chart.Baselines[i];
            if (baseline.Reason is not null)
                text.Append($" Re-baselined from {baseline.FromPeriod}: {baseline.Reason.TrimEnd('.')}.");
            text.Append($" Baseline {baseline.FromPeriod} to {baseline.ToPeriod} ({Count(baseline.Points, "point")}): ");
            text.Append(chart.Kind == ChartKind.Run ? "median " : "centre line ");
            text.Append(Format(chart, baseline.Centre));
            text.Append(chart.Kind switch
            {
                ChartKind.XmR => $", limits {Format(chart, baseline.LowerLimit!.Value)} to {Format(chart, baseline.UpperLimit!.Value)}.",
                ChartKind.P => ", limits vary with each period's denominator.",
                _ => ".",
            });
            if (baseline.Provisional)
                text.Append($" This baseline has {baseline.Points} of the {baseline.RequiredPoints} points it needs, so its centre line may still move.");
        }

        var latest = points[^1];
        text.Append($" Latest value {Format(chart, latest.Value)} in {latest.Period}");
        if (latest.UpperLimit is { } upper && latest.LowerLimit is { } lower)
            text.Append($" (limits {Format(chart, lower)} to {Format(chart, upper)})");
        text.Append('.');

        if (chart.Signals.Count == 0)
            text.Append(" No signals: the variation is what this process usually shows.");
        foreach (var signal in chart.Signals)
            text.Append(' ').Append(Sentence(chart.Kind, signal));
        return text.ToString();
    }

    /// <summary>One signal as a sentence: "Improvement: a shift of 7 points above the centre line from … to …."</summary>
    public static string Sentence(ChartKind kind, ChartSignal signal) =>
        $"{(signal.Meaning == SignalMeaning.Improvement ? "Improvement" : "Concern")}: {Describe(kind, signal)}.";

    private static string KindName(ChartKind kind) => kind switch
    {
        ChartKind.P => "P-chart (proportion)",
        ChartKind.XmR => "XmR chart",
        _ => "Run chart",
    };

    private static string Describe(ChartKind kind, ChartSignal signal)
    {
        var line = kind == ChartKind.Run ? "the median" : "the centre line";
        var side = signal.Side == SignalSide.High ? "above" : "below";
        var span = signal.FromPeriod == signal.ToPeriod ? $"in {signal.FromPeriod}" : $"from {signal.FromPeriod} to {signal.ToPeriod}";
        return signal.Rule switch
        {
            SignalRule.OutsideLimits =>
                $"{(signal.Points == 1 ? "a point" : $"{signal.Points} points")} {side} the {(signal.Side == SignalSide.High ? "upper" : "lower")} limit {span}",
            SignalRule.Shift => $"a shift of {signal.Points} points {side} {line} {span}",
            SignalRule.Trend => $"a {(signal.Side == SignalSide.High ? "rising" : "falling")} trend of {signal.Points} points {span}",
            _ => $"two of three points beyond two sigma {side} {line}, {span}",
        };
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Format(MeasureChart chart, decimal value) =>
        chart.Points[0].Denominator is null
            ? Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture)
            : (Math.Round(value * 100, 1)).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}
