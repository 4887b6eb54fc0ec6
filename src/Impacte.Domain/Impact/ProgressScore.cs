using Impacte.Domain.Measures;

namespace Impacte.Domain.Impact;

/// <summary>
/// What a change's progress score is read from: whether an owner is set, the charts of its measures (one per
/// measure, even with no points yet), and whether a change has been tested (a PDSA cycle with its do and study written).
/// </summary>
public sealed record ProgressInput(bool OwnerSet, IReadOnlyList<MeasureChart> Measures, bool ChangeTested);

/// <summary>A change's score and the words for it.</summary>
public sealed record ProgressResult(int Score, string Label)
{
    public override string ToString() => $"{Score} – {Label}";
}

/// <summary>
/// The progress score of a practice change, derived from its data and never typed in. A ladder: each step needs the
/// ones below it, so an improvement with no tested change behind it does not count as the change's improvement.
/// 0 idea agreed; 1 owner and measure set; 2 baseline measured (a measure's frozen baseline has all its points);
/// 3 a change tested (PDSA do and study recorded); 4 an improvement signal after the baseline; 5 sustained: the
/// 6 points after the signal was established all stay on the better side of the centre line, and none is in a
/// signal of concern.
/// </summary>
public static class ProgressScore
{
    /// <summary>Points after an improvement signal that must hold for the change to count as sustained.</summary>
    public const int SustainPoints = 6;

    public static readonly IReadOnlyList<string> Labels =
    [
        "idea agreed", "owner and measure set", "baseline measured", "change tested", "improvement signal", "sustained",
    ];

    public static ProgressResult Of(ProgressInput input)
    {
        var score = Score(input);
        return new ProgressResult(score, Labels[score]);
    }

    private static int Score(ProgressInput input)
    {
        if (!input.OwnerSet || input.Measures.Count == 0) return 0;
        if (!input.Measures.Any(BaselineMeasured)) return 1;
        if (!input.ChangeTested) return 2;
        var improving = input.Measures.Where(BaselineMeasured).Select(ImprovementEstablishedAt).Where(x => x.Index is not null).ToList();
        if (improving.Count == 0) return 3;
        return improving.Any(x => Holds(x.Chart, x.Index!.Value)) ? 5 : 4;
    }

    /// <summary>The original baseline has all the points it asks for (it is frozen, no longer provisional).</summary>
    public static bool BaselineMeasured(MeasureChart chart) => chart.Baselines.Count > 0 && !chart.Baselines[0].Provisional;

    /// <summary>Whether a measure's chart shows an improvement established after its baseline.</summary>
    public static bool HasImprovement(MeasureChart chart) => ImprovementEstablishedAt(chart).Index is not null;

    /// <summary>
    /// The index of the earliest point at which an improvement signal after the baseline was established: the point
    /// that made it qualify (the 7th of a shift, the 6th of a trend, fewer on a run chart; the point outside the
    /// limits; the last of the three for two-of-three), or its last point if it is shorter.
    /// </summary>
    private static (MeasureChart Chart, int? Index) ImprovementEstablishedAt(MeasureChart chart)
    {
        var run = chart.Kind == ChartKind.Run;
        int? earliest = null;
        foreach (var signal in chart.Signals.Where(s => s.Meaning == SignalMeaning.Improvement))
        {
            var from = IndexOf(chart, signal.FromPeriod);
            var to = IndexOf(chart, signal.ToPeriod);
            var needed = signal.Rule switch
            {
                SignalRule.OutsideLimits => 1,
                SignalRule.TwoOfThreeBeyondTwoSigma => 3,
                SignalRule.Shift => run ? 6 : 7,
                _ => run ? 5 : 6,
            };
            var established = Math.Min(to, from + needed - 1);
            // An improvement inside the frozen baseline came before the change: it is not the change's.
            while (established <= to && chart.Points[established].InBaseline) established++;
            if (established <= to && (earliest is null || established < earliest)) earliest = established;
        }
        return (chart, earliest);
    }

    private static bool Holds(MeasureChart chart, int established)
    {
        var next = chart.Points.Skip(established + 1).Take(SustainPoints).ToList();
        if (next.Count < SustainPoints) return false;
        var better = chart.Direction == ImprovementDirection.Up;
        if (next.Any(p => better ? p.Value <= p.Centre : p.Value >= p.Centre)) return false;
        var concern = chart.Signals.Where(s => s.Meaning == SignalMeaning.Concern)
            .Select(s => (From: IndexOf(chart, s.FromPeriod), To: IndexOf(chart, s.ToPeriod))).ToList();
        return !concern.Any(c => c.To > established && c.From <= established + SustainPoints);
    }

    private static int IndexOf(MeasureChart chart, string period)
    {
        for (var i = 0; i < chart.Points.Count; i++)
            if (chart.Points[i].Period == period) return i;
        throw new ArgumentException($"The chart has no point for {period}.", nameof(period));
    }
}
