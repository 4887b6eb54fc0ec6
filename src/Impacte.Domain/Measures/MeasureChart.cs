namespace Impacte.Domain.Measures;

/// <summary>
/// The chart a measure is read on: a p-chart for proportions, an XmR (individuals) chart for counts or rates, or a
/// run chart around the baseline median when the baseline is short (fewer than 12 points) or the lead prefers it.
/// </summary>
public enum ChartKind
{
    Run,
    XmR,
    P,
}

/// <summary>One plotted period with the centre line and limits that apply to it (limits are null on run charts).</summary>
public sealed record ChartPoint(
    string Period,
    int Ordinal,
    decimal Numerator,
    decimal? Denominator,
    decimal Value,
    decimal Centre,
    decimal? UpperLimit,
    decimal? LowerLimit,
    bool InBaseline);

/// <summary>
/// A frozen baseline as drawn: the periods it used, its centre line and (XmR) limits. A p-chart's limits vary with
/// each point's denominator, so they are on the points only. <see cref="Reason"/> is set on a re-baseline.
/// </summary>
public sealed record ChartBaseline(
    string FromPeriod,
    string ToPeriod,
    int Points,
    int RequiredPoints,
    decimal Centre,
    decimal? UpperLimit,
    decimal? LowerLimit,
    string? Reason)
{
    /// <summary>Still collecting: the centre line may move until the baseline has all its points.</summary>
    public bool Provisional => Points < RequiredPoints;
}

/// <summary>
/// A measure's chart, ready to draw and to describe: <see cref="Centre"/> and the limits are the latest baseline's
/// (limits null for run charts and p-charts, whose limits are per point).
/// </summary>
public sealed record MeasureChart(
    ChartKind Kind,
    ImprovementDirection Direction,
    decimal? Centre,
    decimal? UpperLimit,
    decimal? LowerLimit,
    IReadOnlyList<ChartPoint> Points,
    IReadOnlyList<ChartBaseline> Baselines,
    IReadOnlyList<ChartSignal> Signals,
    int PeriodsWithoutValue,
    string Description)
{
    /// <summary>Fewer baseline points than this and a run chart is drawn: limits from so few points mislead.</summary>
    public const int PointsForControlLimits = 12;

    /// <summary>XmR limits are the mean ± 2.66 × the mean moving range (2.66 = 3 / d2, d2 = 1.128 for ranges of two).</summary>
    public const decimal MovingRangeFactor = 2.66m;

    /// <summary>
    /// Draws the chart. Missing periods are skipped: they are neither zeros nor breaks, so the points either side of
    /// a gap are consecutive for moving ranges and for every rule. Each baseline (the original, then any
    /// re-baseline) governs the points from its start to the next one's, and the rules never run across that line.
    /// </summary>
    public static MeasureChart Build(MeasureSeries series)
    {
        Validate(series.Points);
        var plotted = series.Points.Where(p => p.Value is not null).ToList();
        var periodsWithoutValue = CountPeriodsWithoutValue(series.Points);
        if (plotted.Count == 0)
            return new(ChartKind.Run, series.Direction, null, null, null, [], [], [], periodsWithoutValue,
                "No measurements yet.");

        var segments = Segments(series, plotted);
        var kind = ChooseKind(series, segments);

        var points = new List<ChartPoint>();
        var baselines = new List<ChartBaseline>();
        var signals = new List<ChartSignal>();
        foreach (var segment in segments)
        {
            var limits = ControlLimits.From(kind, segment.BaselinePoints);
            var drawn = segment.Points.Select(p => limits.Plot(p, segment.BaselinePoints.Contains(p))).ToList();
            points.AddRange(drawn.Select(d => d.Point));
            signals.AddRange(SignalRules.Find(kind, series.Direction, drawn));
            baselines.Add(new ChartBaseline(
                segment.BaselinePoints[0].Period, segment.BaselinePoints[^1].Period, segment.BaselinePoints.Count,
                segment.Baseline.RequiredPoints, limits.Centre, limits.UpperLimit, limits.LowerLimit,
                segment.Baseline.Reason));
        }

        var latest = baselines[^1];
        var chart = new MeasureChart(kind, series.Direction, latest.Centre, latest.UpperLimit, latest.LowerLimit,
            points, baselines, signals, periodsWithoutValue, "");
        return chart with { Description = ChartDescription.Write(chart) };
    }

    private sealed record Segment(Baseline Baseline, List<MeasurePoint> Points, List<MeasurePoint> BaselinePoints);

    private static void Validate(IReadOnlyList<MeasurePoint> points)
    {
        for (var i = 1; i < points.Count; i++)
            if (points[i].Ordinal <= points[i - 1].Ordinal)
                throw new ArgumentException("Points must be in period order, one per period.", nameof(points));
        if (points.Any(p => p.Numerator < 0 || p.Numerator > p.Denominator))
            throw new ArgumentException("Each numerator must be between 0 and its denominator.", nameof(points));
        if (points.Any(p => p.Denominator is null) && points.Any(p => p.Denominator is not null))
            throw new ArgumentException("Either every point has a denominator (a proportion) or none does (a count).", nameof(points));
    }

    /// <summary>Periods in the span with no measurement, plus those with a denominator of 0: none is plotted.</summary>
    private static int CountPeriodsWithoutValue(IReadOnlyList<MeasurePoint> points) =>
        points.Count == 0 ? 0 : points[^1].Ordinal - points[0].Ordinal + 1 - points.Count(p => p.Value is not null);

    private static List<Segment> Segments(MeasureSeries series, List<MeasurePoint> plotted)
    {
        if (series.Rebaselines?.Any(b => b.Reason is null) == true)
            throw new ArgumentException("Re-baselines come from Baseline.Rebaseline, with a start and a reason.", nameof(series));
        List<Baseline> baselines = [series.Baseline, .. series.Rebaselines ?? []];
        for (var i = 2; i < baselines.Count; i++)
            if (baselines[i].FromOrdinal <= baselines[i - 1].FromOrdinal)
                throw new ArgumentException("Re-baselines must be in period order.", nameof(series));

        var segments = new List<Segment>();
        for (var i = 0; i < baselines.Count; i++)
        {
            var start = i == 0 ? int.MinValue : baselines[i].FromOrdinal!.Value;
            var end = i + 1 < baselines.Count ? baselines[i + 1].FromOrdinal!.Value - 1 : int.MaxValue;
            var points = plotted.Where(p => p.Ordinal >= start && p.Ordinal <= end).ToList();
            if (points.Count == 0)
                continue; // a re-baseline whose periods are not measured yet
            var baseline = baselines[i];
            var inRange = points.Where(p => p.Ordinal >= (baseline.FromOrdinal ?? int.MinValue)
                                            && p.Ordinal <= (baseline.ToOrdinal ?? int.MaxValue));
            var baselinePoints = (baseline.Points is { } n ? inRange.Take(n) : inRange).ToList();
            if (baselinePoints.Count == 0)
                throw new ArgumentException("A baseline has no measured points in its periods.", nameof(series));
            segments.Add(new Segment(baseline, points, baselinePoints));
        }
        return segments;
    }

    private static ChartKind ChooseKind(MeasureSeries series, List<Segment> segments)
    {
        // One kind for the whole chart: the shortest baseline decides whether limits can be trusted.
        if (series.Preference == ChartPreference.RunChart
            || segments.Any(s => s.BaselinePoints.Count < PointsForControlLimits))
            return ChartKind.Run;
        return series.Points.Any(p => p.Denominator is not null) ? ChartKind.P : ChartKind.XmR;
    }
}
