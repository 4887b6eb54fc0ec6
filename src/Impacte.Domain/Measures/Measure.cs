using Impacte.Domain.Changes;

namespace Impacte.Domain.Measures;

/// <summary>How often a measure is taken: one measurement per calendar month ("2026-10") or ISO week ("2026-W43").</summary>
public enum MeasurePeriodKind
{
    Month,
    Week,
}

/// <summary>
/// An audit criterion of a practice change: what is counted (numerator), out of whom (denominator; none for a plain
/// count or rate), the standard aimed for, where the numbers come from, how often, and which way is better.
/// The first <see cref="BaselinePoints"/> measured periods are its baseline, frozen once complete.
/// </summary>
public sealed class Measure
{
    public const int MaxName = 200, MaxDefinition = 1000, MaxDataSource = 500;
    /// <summary>Six points at the least (Making Data Count); fewer than 12 draws a run chart.</summary>
    public const int DefaultBaselinePoints = Baseline.MinimumPoints, MaxBaselinePoints = 52;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChangeId { get; set; }
    public string Name { get; set; } = "";
    /// <summary>e.g. "patients with AF and CHA2DS2-VASc ≥ 2 on an anticoagulant".</summary>
    public string NumeratorDefinition { get; set; } = "";
    /// <summary>e.g. "patients with AF and CHA2DS2-VASc ≥ 2"; null for a plain count or rate (no denominator).</summary>
    public string? DenominatorDefinition { get; set; }
    /// <summary>The standard (target), in percent, e.g. 90; only for proportions.</summary>
    public decimal? StandardPercent { get; set; }
    /// <summary>Free text: where the numbers come from ("EMIS search XYZ").</summary>
    public string? DataSource { get; set; }
    public MeasurePeriodKind Period { get; set; } = MeasurePeriodKind.Month;
    public ImprovementDirection Direction { get; set; } = ImprovementDirection.Up;
    /// <summary>N: the first N measured periods are the original baseline.</summary>
    public int BaselinePoints { get; set; } = DefaultBaselinePoints;
    public ChartPreference ChartPreference { get; set; } = ChartPreference.Automatic;
    public Guid? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL xmin.</summary>
    public uint Version { get; set; }

    public PracticeChange Change { get; set; } = null!;
    public List<Measurement> Points { get; } = [];
    public List<MeasureBaseline> Baselines { get; } = [];
    public List<MeasureAudit> Audits { get; } = [];

    /// <summary>A proportion (numerator out of a denominator) rather than a plain count or rate.</summary>
    public bool IsProportion => DenominatorDefinition is not null;
}

/// <summary>
/// One period's numbers (0 ≤ numerator ≤ denominator when there is one). Corrected by editing; every save, the first
/// and each correction, is kept in <see cref="Revisions"/>.
/// </summary>
public sealed class Measurement
{
    public const int MaxNote = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasureId { get; set; }
    /// <summary>The label people read: "2026-10" or "2026-W43".</summary>
    public string Period { get; set; } = "";
    /// <summary>Orders periods and shows gaps (<see cref="MeasurePeriod.Ordinal"/>).</summary>
    public int Ordinal { get; set; }
    public decimal Numerator { get; set; }
    public decimal? Denominator { get; set; }
    public string? Note { get; set; }
    public Guid? EnteredById { get; set; }
    public DateTimeOffset EnteredAt { get; set; }
    public Guid? UpdatedById { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }

    public List<MeasurementRevision> Revisions { get; } = [];
}

/// <summary>One save of a measurement: the values as entered then, who, when; the first is the entry, later ones corrections.</summary>
public sealed class MeasurementRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasurementId { get; set; }
    public decimal Numerator { get; set; }
    public decimal? Denominator { get; set; }
    public string? Note { get; set; }
    public bool IsCorrection { get; set; }
    /// <summary>Null once the account is gone: history outlives it.</summary>
    public Guid? ById { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A baseline of a measure: the original (no reason, from the first measured period) or a re-baseline from a later
/// period with its recorded reason. Each is the first <see cref="Points"/> measured periods from its start, and is
/// frozen once it has them all (<see cref="FrozenThrough"/>): those periods can no longer be entered or corrected.
/// Earlier baselines are kept, so the chart shows every one.
/// </summary>
public sealed class MeasureBaseline
{
    public const int MaxReason = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasureId { get; set; }
    /// <summary>Where a re-baseline starts; null for the original (from the first measured period).</summary>
    public string? FromPeriod { get; set; }
    public int? FromOrdinal { get; set; }
    public int Points { get; set; }
    /// <summary>Why the measure was re-baselined; null for the original.</summary>
    public string? Reason { get; set; }
    public Guid? ById { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The last period of the frozen baseline; null while still collecting.</summary>
    public string? FrozenThrough { get; set; }
    public int? FrozenThroughOrdinal { get; set; }
    public DateTimeOffset? FrozenAt { get; set; }
}

public enum AuditKind
{
    /// <summary>Before the change: the frozen baseline is its result.</summary>
    Baseline,
    /// <summary>After the change: the measurement of one period, due on a date the lead sets.</summary>
    ReAudit,
}

/// <summary>A re-audit's value compared with the baseline's centre line, in the measure's direction.</summary>
public enum BaselineComparison
{
    Better,
    Same,
    Worse,
}

/// <summary>
/// One step of the audit cycle for a measure. A re-audit is answered by the measurement of <see cref="Period"/>
/// (the form the Worker's chaser links to) and is due on <see cref="DueOn"/>: a date the lead sets, or by default
/// <see cref="MonthsAfterImplementation"/> months after the change is implemented (null until it is). The result,
/// once recorded, says whether the standard was met and how the value compares with the baseline.
/// </summary>
public sealed class MeasureAudit
{
    public const int MaxNote = 2000;
    /// <summary>Re-audits every measure gets by default: 3 and 6 months after the change is implemented.</summary>
    public static readonly IReadOnlyList<int> DefaultMonthsAfterImplementation = [3, 6];

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MeasureId { get; set; }
    public AuditKind Kind { get; set; }
    public DateOnly? DueOn { get; set; }
    /// <summary>The measured period that answers a re-audit ("2027-01"); null for the baseline audit and until due.</summary>
    public string? Period { get; set; }
    public int? Ordinal { get; set; }
    /// <summary>Set for a default re-audit whose date follows the implementation; null once the lead sets a date.</summary>
    public int? MonthsAfterImplementation { get; set; }
    public Guid? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    // The result, once recorded.
    /// <summary>The value audited: the period's proportion (0–1) or count; for the baseline audit, the baseline's centre.</summary>
    public decimal? Value { get; set; }
    /// <summary>Null when the measure has no standard.</summary>
    public bool? StandardMet { get; set; }
    public decimal? BaselineCentre { get; set; }
    /// <summary>Null for the baseline audit.</summary>
    public BaselineComparison? AgainstBaseline { get; set; }
    public string? ResultNote { get; set; }
    public Guid? RecordedById { get; set; }
    public DateTimeOffset? RecordedAt { get; set; }
    public uint Version { get; set; }

    public bool IsRecorded => RecordedAt is not null;
}
