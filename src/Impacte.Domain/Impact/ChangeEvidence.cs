using Impacte.Domain.Changes;
using Impacte.Domain.Measures;
using Microsoft.EntityFrameworkCore;

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
    Guid Id, Guid ChangeId, int Number, string Plan, string? Who, string? When, string? Where, string Prediction, DateOnly PlannedOn,
    string? WhatHappened, DateOnly? DoneOn, string? Study, DateOnly? StudiedOn, string? Act, string? ActNote, DateOnly? ActedOn)
{
    /// <summary>A change counts as tested once a cycle has been carried out and studied.</summary>
    public bool Tested => !string.IsNullOrWhiteSpace(WhatHappened) && !string.IsNullOrWhiteSpace(Study);
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
    public static async Task<ChangeEvidence> LoadAsync(ImpacteDbContext db, IReadOnlyCollection<Guid> changeIds, CancellationToken ct = default)
    {
        var ids = changeIds.Distinct().ToList();
        if (ids.Count == 0) return ChangeEvidence.None;
        var measures = await db.Set<Measure>().AsNoTracking().AsSplitQuery()
            .Include(m => m.Points).Include(m => m.Baselines).Include(m => m.Audits)
            .Where(m => ids.Contains(m.ChangeId)).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct);
        var cycles = await db.Set<PdsaCycle>().AsNoTracking().Where(c => ids.Contains(c.ChangeId)).OrderBy(c => c.Ordinal).ToListAsync(ct);

        return new ChangeEvidence(
            measures.GroupBy(m => m.ChangeId).ToDictionary(g => g.Key, g => (IReadOnlyList<MeasureFacts>)g.Select(Facts).ToList()),
            cycles.GroupBy(c => c.ChangeId).ToDictionary(g => g.Key, g => (IReadOnlyList<PdsaFacts>)g.Select(c => new PdsaFacts(
                c.Id, c.ChangeId, c.Ordinal, c.PlanWhat, c.PlanWho, c.PlanWhen, c.PlanWhere, c.Prediction, c.PlannedOn,
                c.WhatHappened, c.DoneOn, c.Study, c.StudiedOn, c.Act?.ToString().ToLowerInvariant(), c.ActNote, c.ActedOn)).ToList()));
    }

    /// <summary>The measure's chart from its points and baselines (the original, then each re-baseline), and its re-audits.</summary>
    public static MeasureFacts Facts(Measure m)
    {
        var points = m.Points.OrderBy(p => p.Ordinal).Select(p => new MeasurePoint(p.Period, p.Ordinal, p.Numerator, p.Denominator)).ToList();
        var original = m.Baselines.FirstOrDefault(b => b.Reason is null);
        var rebaselines = m.Baselines.Where(b => b.Reason is not null && b.FromOrdinal is not null).OrderBy(b => b.FromOrdinal)
            .Select(b => Baseline.Rebaseline(b.FromOrdinal!.Value, b.Points, b.Reason!)).ToList();
        var series = new MeasureSeries(points, Baseline.FirstPoints(original?.Points ?? m.BaselinePoints), m.Direction, m.ChartPreference, rebaselines);
        var measured = m.Points.Select(p => p.Ordinal).ToHashSet();
        var audits = m.Audits.Where(a => a.Kind == AuditKind.ReAudit && a.DueOn is not null).OrderBy(a => a.DueOn)
            // An audit is done once its result is recorded, or its period's numbers are in.
            .Select(a => new AuditFacts(a.DueOn!.Value, a.IsRecorded || a.Ordinal is { } o && measured.Contains(o),
                a.StandardMet is { } met ? (met ? "standard met" : "standard not met") : null))
            .ToList();
        return new MeasureFacts(m.Id, m.ChangeId, m.Name, m.NumeratorDefinition, m.DenominatorDefinition, m.StandardPercent,
            MeasureChart.Build(series), audits);
    }
}
