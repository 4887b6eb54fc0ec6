using System.Globalization;
using Impacte.Domain.Measures;

namespace Impacte.Domain.Tests.Measures;

/// <summary>Monthly test points: ordinal 1 is 2025-01, 13 is 2026-01.</summary>
internal static class Points
{
    public static string Month(int ordinal) =>
        new DateOnly(2025, 1, 1).AddMonths(ordinal - 1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static MeasurePoint Count(int ordinal, decimal value) => new(Month(ordinal), ordinal, value);

    public static MeasurePoint Proportion(int ordinal, decimal numerator, decimal denominator) =>
        new(Month(ordinal), ordinal, numerator, denominator);

    /// <summary>Counts for consecutive months from 2025-01.</summary>
    public static MeasurePoint[] Counts(params decimal[] values) =>
        values.Select((value, i) => Count(i + 1, value)).ToArray();

    /// <summary>
    /// An XmR baseline of 12 months, 12, 10, 12, … 10: mean 11, every moving range 2, so mean moving range 2,
    /// limits 11 ± 2.66 × 2 = 5.68 to 16.32, σ = 5.32 / 3 ≈ 1.7733 and 2σ lines ≈ 7.4533 and 14.5467.
    /// It ends below the centre line, so points added above start a new run.
    /// </summary>
    public static readonly decimal[] XmRBaseline = [12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10];

    /// <summary>The XmR baseline followed by <paramref name="later"/> from 2026-01 (ordinal 13).</summary>
    public static MeasurePoint[] AfterXmRBaseline(params decimal[] later) => Counts([.. XmRBaseline, .. later]);

    public static MeasureChart Chart(IReadOnlyList<MeasurePoint> points, int baselinePoints = 12,
        ImprovementDirection direction = ImprovementDirection.Up, ChartPreference preference = ChartPreference.Automatic) =>
        MeasureChart.Build(new MeasureSeries(points, Baseline.FirstPoints(baselinePoints), direction, preference));
}
