using System.Globalization;

namespace Impacte.Domain.Appraisals;

/// <summary>How an effect measure is read: a ratio (1 is no effect, always above 0), a percentage reduction (0 is no effect), or a difference.</summary>
public enum MeasureKind { Ratio, PercentReduction, AbsoluteReduction, Difference, Accuracy }

/// <summary>One effect measure a key result may use: its code (stored), the label a reader sees, and how it is read.</summary>
public sealed record EffectMeasure(string Code, string Label, MeasureKind Kind)
{
    /// <summary>Ratios, and reductions that are ratios in disguise (RRR = 1 − RR, VE = 1 − RR), turn into an NNT with a control event rate.</summary>
    public bool TakesControlRate => Kind is MeasureKind.Ratio or MeasureKind.PercentReduction && Code is not ("LR+" or "LR-");
}

/// <summary>The absolute effect: ARR as a proportion (negative: harm) with its 95% CI, when it can be worked out.</summary>
public sealed record AbsoluteEffect(double Arr, double ArrLower, double ArrUpper)
{
    /// <summary>The interval includes no effect: it runs from harm to benefit.</summary>
    public bool CrossesZero => ArrLower <= 0 && ArrUpper >= 0;
    public bool IsBenefit => Arr > 0;
    /// <summary>NNT when the point estimate is a benefit, NNH when it is a harm; null for no difference at all.</summary>
    public int? Number => Arr == 0 ? null : EffectSizes.Whole(1 / Math.Abs(Arr));
}

/// <summary>
/// The arithmetic that turns a relative effect and a control event rate (CER) into what a GP can act on: the absolute
/// risk reduction (ARR) and the number needed to treat (NNT) or harm (NNH), with 95% confidence intervals. Pure maths,
/// no database: the formulas are the textbook ones (Straus et al., Evidence-Based Medicine; Altman BMJ 1998;317:1309
/// for the CI of an NNT; Altman and Andersen BMJ 1999;319:1492 for hazard ratios; Cochrane Handbook 15.4.4 for odds
/// ratios). An NNT is rounded up to the next whole number, as is usual, and so are its limits.
/// </summary>
public static class EffectSizes
{
    public static readonly IReadOnlyList<EffectMeasure> Measures =
    [
        new("RR", "Risk ratio", MeasureKind.Ratio),
        new("OR", "Odds ratio", MeasureKind.Ratio),
        new("HR", "Hazard ratio", MeasureKind.Ratio),
        new("RRR", "Relative risk reduction (%)", MeasureKind.PercentReduction),
        new("VE", "Vaccine effectiveness (%)", MeasureKind.PercentReduction),
        new("ARR", "Absolute risk reduction (%)", MeasureKind.AbsoluteReduction),
        new("MD", "Mean difference", MeasureKind.Difference),
        new("SMD", "Standardised mean difference", MeasureKind.Difference),
        new("Sens", "Sensitivity (%)", MeasureKind.Accuracy),
        new("Spec", "Specificity (%)", MeasureKind.Accuracy),
        new("LR+", "Positive likelihood ratio", MeasureKind.Ratio),
        new("LR-", "Negative likelihood ratio", MeasureKind.Ratio),
    ];

    private static readonly Dictionary<string, EffectMeasure> ByCode = Measures.ToDictionary(m => m.Code, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<string> Codes { get; } = [.. Measures.Select(m => m.Code)];

    public static EffectMeasure? Find(string? code) => code is not null && ByCode.TryGetValue(code.Trim(), out var m) ? m : null;

    /// <summary>The measure's label for readers ("Risk ratio"), or the text itself for one IMPACTE does not know.</summary>
    public static string Label(string? code) => Find(code)?.Label ?? code ?? "";

    /// <summary>
    /// The event rate in the treated group for a control event rate and a relative effect:
    /// RR: EER = CER × RR. OR: EER = OR·CER / (1 − CER + OR·CER). HR: EER = 1 − (1 − CER)^HR (proportional hazards).
    /// RRR and VE (percent): RR = 1 − value/100.
    /// </summary>
    public static double TreatedRate(EffectMeasure measure, double cer, double value) => measure.Code switch
    {
        "RR" => cer * value,
        "OR" => value * cer / (1 - cer + value * cer),
        "HR" => 1 - Math.Pow(1 - cer, value),
        "RRR" or "VE" => cer * (1 - value / 100),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure.Code, "This measure does not convert to an absolute effect."),
    };

    /// <summary>
    /// ARR = CER − EER with its CI from the relative effect's CI limits (each conversion is monotonic in the effect, so
    /// the limits map onto limits). For ARR given directly (percent), it is the value itself. Null when the measure,
    /// the CER or the CI is missing.
    /// </summary>
    public static AbsoluteEffect? Absolute(string? measureCode, decimal? value, decimal? lower, decimal? upper, decimal? cer)
    {
        var measure = Find(measureCode);
        if (measure is null || value is not { } v || lower is not { } lo || upper is not { } hi) return null;
        if (measure.Kind == MeasureKind.AbsoluteReduction)
            return new AbsoluteEffect((double)v / 100, (double)lo / 100, (double)hi / 100);
        if (!measure.TakesControlRate || cer is not { } c) return null;
        var rate = (double)c;
        double Arr(decimal effect) => rate - TreatedRate(measure, rate, (double)effect);
        var a = Arr(lo);
        var b = Arr(hi);
        return new AbsoluteEffect(Arr(v), Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>1 / ARR rounded up; rounding to 9 places first keeps 1/0.05 at 20, not 21.</summary>
    public static int Whole(double n) => double.IsInfinity(n) ? int.MaxValue : (int)Math.Ceiling(Math.Round(n, 9));

    /// <summary>
    /// "NNT 20 (95% CI 13 to 84)", "NNH 67 (95% CI 34 to 500)", or, when the ARR's CI crosses zero,
    /// "NNT 100 (95% CI NNH 67 to ∞ to NNT 34)" (Altman 1998).
    /// </summary>
    public static string NumberNeeded(AbsoluteEffect e)
    {
        if (e.Number is not { } n) return "No difference between the groups";
        var head = e.IsBenefit ? $"NNT {n}" : $"NNH {n}";
        if (e.CrossesZero) return $"{head} (95% CI {Limit(e.ArrLower)} to ∞ to {Limit(e.ArrUpper)})";
        // Both limits on one side: the larger ARR gives the smaller number.
        var near = Whole(1 / Math.Max(Math.Abs(e.ArrLower), Math.Abs(e.ArrUpper)));
        var far = Math.Abs(e.ArrLower) < 1e-12 || Math.Abs(e.ArrUpper) < 1e-12 ? "∞" : Whole(1 / Math.Min(Math.Abs(e.ArrLower), Math.Abs(e.ArrUpper))).ToString(CultureInfo.InvariantCulture);
        return $"{head} (95% CI {near} to {far})";
    }

    private static string Limit(double arr) => arr == 0 ? "no effect" : arr > 0 ? $"NNT {Whole(1 / arr)}" : $"NNH {Whole(1 / -arr)}";

    /// <summary>
    /// The NNT in plain words: "Treat 20 people for 1 year to prevent one stroke (95% CI 13 to 84)." An NNH says one
    /// more has the outcome; an interval that includes no effect says so.
    /// </summary>
    public static string PlainWords(AbsoluteEffect e, string outcome, string? horizon)
    {
        if (e.Number is not { } n) return "No difference between the groups.";
        var over = string.IsNullOrWhiteSpace(horizon) ? "" : $" for {horizon.Trim()}";
        var what = Lower(outcome);
        var sentence = e.IsBenefit
            ? $"Treat {n} people{over} to prevent one {what}"
            : $"Treat {n} people{over} and one more has {what}";
        if (e.CrossesZero)
            return $"{sentence}; but the interval includes no effect (from {Limit(e.ArrLower)} to {Limit(e.ArrUpper)}), so it may make no difference.";
        var text = NumberNeeded(e);
        return $"{sentence} ({text[(text.IndexOf('(') + 1)..^1]}).";
    }

    /// <summary>ARR as a percentage with its CI: "ARR 5.0% (95% CI 1.2% to 8.0%)".</summary>
    public static string DescribeArr(AbsoluteEffect e) =>
        $"ARR {Percent(e.Arr)} (95% CI {Percent(e.ArrLower)} to {Percent(e.ArrUpper)})";

    private static string Percent(double p) => (p * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>"Stroke" → "stroke", but "HbA1c" and "NHS" stay as written.</summary>
    private static string Lower(string outcome)
    {
        var t = outcome.Trim();
        if (t.Length < 2 || !char.IsUpper(t[0]) || char.IsUpper(t[1]) || char.IsDigit(t[1])) return t;
        return char.ToLowerInvariant(t[0]) + t[1..];
    }
}
