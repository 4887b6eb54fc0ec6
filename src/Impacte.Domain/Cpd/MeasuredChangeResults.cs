using System.Globalization;
using Impacte.Domain.Measures;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Cpd;

/// <summary>
/// The CPD log's measured result of a change, per measure: the latest point against the standard, and the latest
/// signal the chart reads (improvement or concern), from the same chart the change's page draws.
/// </summary>
public sealed class MeasuredChangeResults(ImpacteDbContext db, ChangeMeasures measures) : IChangeResults
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<MeasureResult>>> ForChangesAsync(IReadOnlyCollection<Guid> changeIds, CancellationToken ct = default)
    {
        var ids = changeIds.ToList();
        if (ids.Count == 0) return new Dictionary<Guid, IReadOnlyList<MeasureResult>>();
        // The person is the change's owner or on its team (the log's own query): no further check here.
        var all = await db.Set<Measure>().Include(m => m.Change).ThenInclude(c => c.Club).Include(m => m.Baselines)
            .Where(m => ids.Contains(m.ChangeId)).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).AsSplitQuery().ToListAsync(ct);
        var results = new Dictionary<Guid, IReadOnlyList<MeasureResult>>();
        foreach (var measure in all)
        {
            measure.Baselines.Sort((a, b) => (a.FromOrdinal ?? int.MinValue).CompareTo(b.FromOrdinal ?? int.MinValue));
            var result = measure.Baselines.Count == 0 ? Unmeasured(measure) : Read(measure, await measures.SeriesChartAsync(measure, ct));
            results[measure.ChangeId] = [.. results.GetValueOrDefault(measure.ChangeId) ?? [], result];
        }
        return results;
    }

    private static MeasureResult Unmeasured(Measure measure) =>
        new(measure.Name, null, null, measure.StandardPercent, null, null, $"{measure.Name}: no measurements yet");

    /// <summary>The latest point (a proportion shown in percent), whether it meets the standard, and the latest signal.</summary>
    public static MeasureResult Read(Measure measure, MeasureChart chart)
    {
        if (chart.Points.Count == 0) return Unmeasured(measure);
        var latest = chart.Points[^1];
        var value = measure.IsProportion ? Math.Round(latest.Value * 100, 1) : latest.Value;
        bool? meets = measure.StandardPercent is { } standard && measure.IsProportion
            ? measure.Direction == ImprovementDirection.Up ? value >= standard : value <= standard
            : null;
        var signal = chart.Signals.LastOrDefault();
        var text = measure.IsProportion
            ? $"{measure.Name}: {value.ToString("0.#", CultureInfo.InvariantCulture)}% in {latest.Period}"
            : $"{measure.Name}: {value.ToString("0.##", CultureInfo.InvariantCulture)} in {latest.Period}";
        if (measure.StandardPercent is { } s && meets is { } met)
            text += $" (standard {s.ToString("0.#", CultureInfo.InvariantCulture)}%, {(met ? "met" : "not met")})";
        if (signal is not null)
            text += $"; {(signal.Meaning == SignalMeaning.Improvement ? "improvement" : "concern")} signal ({signal.Rule.Name()}, {signal.FromPeriod} to {signal.ToPeriod})";
        return new MeasureResult(measure.Name, latest.Period, value, measure.StandardPercent, meets,
            signal is null ? null : signal.Meaning == SignalMeaning.Improvement ? "improvement" : "concern", text);
    }
}
