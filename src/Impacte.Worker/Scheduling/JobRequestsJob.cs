using Impacte.Domain;
using Impacte.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Impacte.Worker.Scheduling;

/// <summary>
/// Carries out the admins' "run this job now" requests (job_requests, written by the Api): each is claimed with
/// SKIP LOCKED and fired through the cluster, so it runs once on whichever node Quartz picks. Polls with the outbox's
/// interval; a missed firing is dropped (NextWithRemainingCount), as the next one reads the same table.
/// </summary>
[DisallowConcurrentExecution]
public sealed class JobRequestsJob(ImpacteDbContext db, TimeProvider clock, ILogger<JobRequestsJob> log) : IJob
{
    public static readonly JobKey Key = new("job-requests", "operations");

    // Inside the retrying execution strategy (a dropped connection is retried, as everywhere): a retry may fire a
    // requested job twice, which every job is safe to do, and never loses a request.
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var requests = await db.JobRequests
                .FromSql($"SELECT * FROM job_requests WHERE handled_at IS NULL ORDER BY requested_at LIMIT 20 FOR UPDATE SKIP LOCKED")
                .ToListAsync(ct);
            foreach (var request in requests)
            {
                var key = Jobs.Find(request.JobName);
                if (key is not null) await context.Scheduler.TriggerJob(key, ct);
                else log.LogWarning("Job request {Id} names no job: {Name}", request.Id, request.JobName);
                request.HandledAt = clock.UtcNowForDb();
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
}
