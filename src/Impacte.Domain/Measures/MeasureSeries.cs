namespace Impacte.Domain.Measures;

/// <summary>Which way a measure gets better: a rising value is good (<see cref="Up"/>) or a falling one is.</summary>
public enum ImprovementDirection
{
    Up,
    Down,
}

/// <summary>What the lead asked for: let the data choose the chart, or always draw a run chart.</summary>
public enum ChartPreference
{
    Automatic,
    RunChart,
}

/// <summary>
/// One measured period. <see cref="Ordinal"/> orders the periods and shows gaps (consecutive periods differ by 1,
/// e.g. months counted from year 0); <see cref="Period"/> is the label people read ("2026-10", "2026-W43").
/// A proportion has a <see cref="Denominator"/> (0 ≤ numerator ≤ denominator); a count or rate has none.
/// </summary>
public sealed record MeasurePoint(string Period, int Ordinal, decimal Numerator, decimal? Denominator = null)
{
    /// <summary>The plotted value, or null when there is nothing to plot (a denominator of 0: nobody was eligible).</summary>
    public decimal? Value => Denominator switch
    {
        null => Numerator,
        0 => null,
        var denominator => Numerator / denominator.Value,
    };
}

/// <summary>
/// The frozen points a chart's centre line and limits come from: the first <see cref="Points"/> measured points
/// (from <see cref="FromOrdinal"/>, or from the start), or every point in an explicit range of periods.
/// A re-baseline starts at a later period and carries the reason it was recorded with.
/// </summary>
public sealed record Baseline
{
    /// <summary>Fewer points than this give a centre line too unsteady to read signals against.</summary>
    public const int MinimumPoints = 6;

    private Baseline(int? fromOrdinal, int? toOrdinal, int? points, string? reason)
    {
        FromOrdinal = fromOrdinal;
        ToOrdinal = toOrdinal;
        Points = points;
        Reason = reason;
    }

    /// <summary>The first period the baseline may use; null for "from the first measured point".</summary>
    public int? FromOrdinal { get; }
    /// <summary>The last period of an explicit range (inclusive); null when the baseline is the first N points.</summary>
    public int? ToOrdinal { get; }
    /// <summary>N, for a baseline of the first N measured points.</summary>
    public int? Points { get; }
    /// <summary>Why the measure was re-baselined; null for the original baseline.</summary>
    public string? Reason { get; }

    /// <summary>How many points this baseline needs before it stops being provisional.</summary>
    public int RequiredPoints => Points ?? MinimumPoints;

    public static Baseline FirstPoints(int count) => new(null, null, AtLeastMinimum(count), null);

    public static Baseline Periods(int fromOrdinal, int toOrdinal) =>
        toOrdinal < fromOrdinal
            ? throw new ArgumentException("A baseline range must end on or after its start.", nameof(toOrdinal))
            : new(fromOrdinal, toOrdinal, null, null);

    /// <summary>A new baseline of the first <paramref name="count"/> points from a later period on.</summary>
    public static Baseline Rebaseline(int fromOrdinal, int count, string reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? throw new ArgumentException("A re-baseline needs a recorded reason.", nameof(reason))
            : new(fromOrdinal, null, AtLeastMinimum(count), reason.Trim());

    private static int AtLeastMinimum(int count) =>
        count < MinimumPoints
            ? throw new ArgumentOutOfRangeException(nameof(count), count, $"A baseline needs at least {MinimumPoints} points.")
            : count;
}

/// <summary>Everything a chart is drawn from: the points in period order, the baseline(s), and what counts as better.</summary>
public sealed record MeasureSeries(
    IReadOnlyList<MeasurePoint> Points,
    Baseline Baseline,
    ImprovementDirection Direction,
    ChartPreference Preference = ChartPreference.Automatic,
    IReadOnlyList<Baseline>? Rebaselines = null);
