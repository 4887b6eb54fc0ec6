namespace Impacte.Domain.Measures;

/// <summary>A point as drawn, with its 2σ distance from the centre (null on run charts) for the two-of-three rule.</summary>
internal sealed record DrawnPoint(ChartPoint Point, decimal? TwoSigma);

/// <summary>The centre line and ±3σ limits one frozen baseline gives, and how they apply to each point.</summary>
internal sealed class ControlLimits
{
    private readonly ChartKind kind;
    // 3σ rather than σ, so that XmR limits come out exact in decimal arithmetic (11 ± 5.32, not 5.6800…01).
    private readonly decimal? fixedThreeSigma;

    private ControlLimits(ChartKind kind, decimal centre, decimal? fixedThreeSigma)
    {
        this.kind = kind;
        Centre = centre;
        this.fixedThreeSigma = fixedThreeSigma;
    }

    public decimal Centre { get; }
    /// <summary>The XmR chart's upper limit; null for run charts and p-charts (per point there).</summary>
    public decimal? UpperLimit => Centre + fixedThreeSigma;
    public decimal? LowerLimit => Centre - fixedThreeSigma;

    public static ControlLimits From(ChartKind kind, IReadOnlyList<MeasurePoint> baseline) => kind switch
    {
        ChartKind.Run => new(kind, Median(baseline.Select(p => p.Value!.Value)), null),
        // 3σ = 2.66 × mean moving range.
        ChartKind.XmR => new(kind, baseline.Average(p => p.Value!.Value), MovingRangeFactor * MeanMovingRange(baseline)),
        // p̄ pools the baseline (total numerator over total denominator), not the mean of the proportions.
        ChartKind.P => new(kind, baseline.Sum(p => p.Numerator) / baseline.Sum(p => p.Denominator!.Value), null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public DrawnPoint Plot(MeasurePoint point, bool inBaseline)
    {
        var threeSigma = kind == ChartKind.P ? 3 * ProportionSigma(point.Denominator!.Value) : fixedThreeSigma;
        var upper = Centre + threeSigma;
        var lower = Centre - threeSigma;
        if (kind == ChartKind.P)
        {
            // A proportion cannot leave [0, 1], so neither can its limits.
            upper = Math.Min(upper!.Value, 1);
            lower = Math.Max(lower!.Value, 0);
        }
        return new DrawnPoint(
            new ChartPoint(point.Period, point.Ordinal, point.Numerator, point.Denominator, point.Value!.Value,
                Centre, upper, lower, inBaseline),
            threeSigma * 2 / 3);
    }

    private const decimal MovingRangeFactor = MeasureChart.MovingRangeFactor;

    private decimal ProportionSigma(decimal denominator) =>
        (decimal)Math.Sqrt((double)(Centre * (1 - Centre) / denominator));

    /// <summary>Mean of |xᵢ − xᵢ₋₁| over consecutive baseline points (a gap does not split them).</summary>
    private static decimal MeanMovingRange(IReadOnlyList<MeasurePoint> baseline) =>
        baseline.Count < 2
            ? 0
            : baseline.Zip(baseline.Skip(1), (a, b) => Math.Abs(b.Value!.Value - a.Value!.Value)).Average();

    private static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
