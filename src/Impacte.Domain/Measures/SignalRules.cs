namespace Impacte.Domain.Measures;

/// <summary>The NHS England "Making Data Count" rules for special-cause variation.</summary>
public enum SignalRule
{
    /// <summary>A point above the upper or below the lower limit (not on run charts).</summary>
    OutsideLimits,
    /// <summary>7 or more consecutive points on one side of the centre line (run chart: 6 around the median).</summary>
    Shift,
    /// <summary>6 or more consecutive points each higher (or each lower) than the one before (run chart: 5).</summary>
    Trend,
    /// <summary>Two of three consecutive points beyond 2σ on the same side of the centre line (not on run charts).</summary>
    TwoOfThreeBeyondTwoSigma,
}

/// <summary>Which way the points in a signal lie or move: above the centre line / rising, or below / falling.</summary>
public enum SignalSide
{
    High,
    Low,
}

public enum SignalMeaning
{
    Improvement,
    Concern,
}

/// <summary>One signal: its rule, the periods it covers (first and last), and the points that made it.</summary>
public sealed record ChartSignal(
    SignalRule Rule,
    string FromPeriod,
    string ToPeriod,
    int Points,
    SignalSide Side,
    SignalMeaning Meaning);

/// <summary>
/// Finds signals among the points one baseline governs. Points are consecutive when no measured point lies between
/// them (missing periods are skipped). A point exactly on the centre line neither counts towards nor breaks a shift;
/// a value equal to the one before neither counts towards nor breaks a trend (as Making Data Count and the IHI run
/// chart rules say). Each signal covers its whole run, so a shift of 9 points is one signal, not three.
/// </summary>
internal static class SignalRules
{
    public const int ShiftPoints = 7;
    public const int RunChartShiftPoints = 6;
    public const int TrendPoints = 6;
    public const int RunChartTrendPoints = 5;

    public static IEnumerable<ChartSignal> Find(ChartKind kind, ImprovementDirection direction, IReadOnlyList<DrawnPoint> points)
    {
        var run = kind == ChartKind.Run;
        var found = new List<ChartSignal>();
        if (!run)
            found.AddRange(OutsideLimits(points, direction));
        found.AddRange(Shifts(points, run ? RunChartShiftPoints : ShiftPoints, direction));
        found.AddRange(Trends(points, run ? RunChartTrendPoints : TrendPoints, direction));
        if (!run)
            found.AddRange(TwoOfThree(points, direction));
        return found.OrderBy(s => OrdinalOf(points, s.FromPeriod)).ThenBy(s => s.Rule);
    }

    private static IEnumerable<ChartSignal> OutsideLimits(IReadOnlyList<DrawnPoint> points, ImprovementDirection direction)
    {
        SignalSide? Side(ChartPoint p) =>
            p.Value > p.UpperLimit ? SignalSide.High : p.Value < p.LowerLimit ? SignalSide.Low : null;

        // Neighbouring points beyond the same limit are reported together.
        for (var i = 0; i < points.Count; i++)
        {
            if (Side(points[i].Point) is not { } side)
                continue;
            var last = i;
            while (last + 1 < points.Count && Side(points[last + 1].Point) == side)
                last++;
            yield return Signal(SignalRule.OutsideLimits, points[i], points[last], last - i + 1, side, direction);
            i = last;
        }
    }

    private static IEnumerable<ChartSignal> Shifts(IReadOnlyList<DrawnPoint> points, int needed, ImprovementDirection direction)
    {
        var sided = points.Where(p => p.Point.Value != p.Point.Centre).ToList(); // on the line: skipped
        static SignalSide Side(DrawnPoint p) => p.Point.Value > p.Point.Centre ? SignalSide.High : SignalSide.Low;

        for (var i = 0; i < sided.Count;)
        {
            var last = i;
            while (last + 1 < sided.Count && Side(sided[last + 1]) == Side(sided[i]))
                last++;
            if (last - i + 1 >= needed)
                yield return Signal(SignalRule.Shift, sided[i], sided[last], last - i + 1, Side(sided[i]), direction);
            i = last + 1;
        }
    }

    private static IEnumerable<ChartSignal> Trends(IReadOnlyList<DrawnPoint> points, int needed, ImprovementDirection direction)
    {
        var moving = points.Where((p, i) => i == 0 || p.Point.Value != points[i - 1].Point.Value).ToList(); // repeats: skipped
        static SignalSide Step(DrawnPoint from, DrawnPoint to) =>
            to.Point.Value > from.Point.Value ? SignalSide.High : SignalSide.Low;

        // A trend runs from where the direction last turned to where it turns again; turning points belong to both.
        for (var start = 0; start + 1 < moving.Count;)
        {
            var side = Step(moving[start], moving[start + 1]);
            var last = start + 1;
            while (last + 1 < moving.Count && Step(moving[last], moving[last + 1]) == side)
                last++;
            if (last - start + 1 >= needed)
                yield return Signal(SignalRule.Trend, moving[start], moving[last], last - start + 1, side, direction);
            start = last;
        }
    }

    private static IEnumerable<ChartSignal> TwoOfThree(IReadOnlyList<DrawnPoint> points, ImprovementDirection direction)
    {
        foreach (var side in new[] { SignalSide.High, SignalSide.Low })
        {
            bool Beyond(DrawnPoint p) => side == SignalSide.High
                ? p.Point.Value > p.Point.Centre + p.TwoSigma
                : p.Point.Value < p.Point.Centre - p.TwoSigma;

            // Overlapping windows that qualify merge into one signal, from the first to the last point beyond 2σ.
            int? from = null, to = null;
            for (var i = 0; i + 2 < points.Count; i++)
            {
                var beyond = Enumerable.Range(i, 3).Where(j => Beyond(points[j])).ToList();
                if (beyond.Count < 2)
                    continue;
                if (from is not null && beyond[0] > to)
                {
                    yield return TwoOfThreeSignal(points, from.Value, to!.Value, side, direction, Beyond);
                    from = null;
                }
                from ??= beyond[0];
                to = beyond[^1];
            }
            if (from is not null)
                yield return TwoOfThreeSignal(points, from.Value, to!.Value, side, direction, Beyond);
        }
    }

    private static ChartSignal TwoOfThreeSignal(IReadOnlyList<DrawnPoint> points, int from, int to, SignalSide side,
        ImprovementDirection direction, Func<DrawnPoint, bool> beyond) =>
        Signal(SignalRule.TwoOfThreeBeyondTwoSigma, points[from], points[to],
            Enumerable.Range(from, to - from + 1).Count(j => beyond(points[j])), side, direction);

    private static ChartSignal Signal(SignalRule rule, DrawnPoint from, DrawnPoint to, int count, SignalSide side,
        ImprovementDirection direction) =>
        new(rule, from.Point.Period, to.Point.Period, count, side,
            (side == SignalSide.High) == (direction == ImprovementDirection.Up) ? SignalMeaning.Improvement : SignalMeaning.Concern);

    private static int OrdinalOf(IReadOnlyList<DrawnPoint> points, string period) =>
        points.First(p => p.Point.Period == period).Point.Ordinal;
}
