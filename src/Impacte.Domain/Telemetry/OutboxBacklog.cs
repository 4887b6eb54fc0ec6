using System.Diagnostics.Metrics;
using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Domain.Telemetry;

/// <summary>How much email waits in the outbox and for how long the oldest has waited (zero when none does).</summary>
public sealed record OutboxBacklogSnapshot(long Pending, TimeSpan OldestPendingAge);

/// <summary>
/// The outbox's backlog, read by /health/ready and by the observable gauges impacte.outbox.pending and
/// impacte.outbox.oldest_pending_age. One small aggregate over the (status, next_attempt_at) index; the gauges reuse a
/// reading for <see cref="GaugeCacheFor"/>, so several scrapers cost one query.
/// </summary>
public sealed class OutboxBacklog(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan GaugeCacheFor = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private (OutboxBacklogSnapshot Snapshot, DateTimeOffset At)? cached;

    public static async Task<OutboxBacklogSnapshot> ReadAsync(ImpacteDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var pending = db.Outbox.Where(e => e.Status == OutboxStatus.Pending);
        var summary = await pending.GroupBy(_ => 1)
            .Select(g => new { Count = g.LongCount(), Oldest = g.Min(e => e.CreatedAt) })
            .SingleOrDefaultAsync(ct);
        return summary is null ? new(0, TimeSpan.Zero) : new(summary.Count, summary.Oldest < now ? now - summary.Oldest : TimeSpan.Zero);
    }

    public IEnumerable<Measurement<long>> ObservePending() => Observe(s => s.Pending);

    public IEnumerable<Measurement<double>> ObserveOldestPendingAge() => Observe(s => s.OldestPendingAge.TotalSeconds);

    /// <summary>A gauge's reading; none at all when PostgreSQL cannot be asked (a gap, rather than a false zero).</summary>
    private IEnumerable<Measurement<T>> Observe<T>(Func<OutboxBacklogSnapshot, T> value) where T : struct
    {
        var snapshot = Current();
        return snapshot is null ? [] : [new Measurement<T>(value(snapshot))];
    }

    private OutboxBacklogSnapshot? Current()
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (cached is { } c && now - c.At < GaugeCacheFor) return c.Snapshot;
        }
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            // Gauge callbacks are synchronous: the scrape waits for this one short query.
            var snapshot = ReadAsync(db, now, timeout.Token).GetAwaiter().GetResult();
            lock (gate) cached = (snapshot, now);
            return snapshot;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
