using Impacte.Domain.Measures;

namespace Impacte.Domain.Impact;

/// <summary>One re-audit of a measure: when it is due and whether its result is in.</summary>
public sealed record AuditFacts(DateOnly DueOn, bool Done, string? Result = null);

/// <summary>What impact pages and reports read of one measure: its definition, its chart and its audits.</summary>
public sealed record MeasureFacts(
    Guid Id, Guid ChangeId, string Name, string NumeratorDefinition, string? DenominatorDefinition,
    decimal? StandardPercent, MeasureChart Chart, IReadOnlyList<AuditFacts> Audits)
{
    /// <summary>The improvement signals of the chart.</summary>
    public IEnumerable<ChartSignal> Improvements => Chart.Signals.Where(s => s.Meaning == SignalMeaning.Improvement);
}

/// <summary>One PDSA cycle as the report tells it.</summary>
public sealed record PdsaFacts(
    Guid Id, Guid ChangeId, int Number, string Plan, string? Prediction, string? Do, string? Study, string? Act,
    DateOnly? PlannedOn, DateOnly? DoneOn, DateOnly? StudiedOn)
{
    /// <summary>A change counts as tested once a cycle has been carried out and studied.</summary>
    public bool Tested => !string.IsNullOrWhiteSpace(Do) && !string.IsNullOrWhiteSpace(Study);
}

/// <summary>The measures and PDSA cycles of a set of changes, by change.</summary>
public sealed record ChangeEvidence(
    IReadOnlyDictionary<Guid, IReadOnlyList<MeasureFacts>> Measures,
    IReadOnlyDictionary<Guid, IReadOnlyList<PdsaFacts>> Cycles)
{
    public static readonly ChangeEvidence None = new(new Dictionary<Guid, IReadOnlyList<MeasureFacts>>(), new Dictionary<Guid, IReadOnlyList<PdsaFacts>>());

    public IReadOnlyList<MeasureFacts> MeasuresOf(Guid changeId) => Measures.TryGetValue(changeId, out var m) ? m : [];

    public IReadOnlyList<PdsaFacts> CyclesOf(Guid changeId) => Cycles.TryGetValue(changeId, out var c) ? c : [];

    /// <summary>The change's progress score from its evidence (the owner is always set: a change cannot be agreed without one).</summary>
    public ProgressResult ProgressOf(Guid changeId) =>
        ProgressScore.Of(new ProgressInput(true, MeasuresOf(changeId).Select(m => m.Chart).ToList(), CyclesOf(changeId).Any(c => c.Tested)));
}

/// <summary>
/// Reads measures, measurements, audits and PDSA cycles for impact pages and reports. The one place that knows how
/// the measures and PDSA models are stored, so the impact rules stay pure.
/// </summary>
public static class ChangeEvidenceLoader
{
    public static Task<ChangeEvidence> LoadAsync(ImpacteDbContext db, IReadOnlyCollection<Guid> changeIds, CancellationToken ct = default)
    {
        // Measures and PDSA cycles arrive with their own models (feat/measures, feat/changes-ui).
        _ = db;
        _ = changeIds;
        _ = ct;
        return Task.FromResult(ChangeEvidence.None);
    }
}
