using Impacte.Domain.Access;
using Impacte.Domain.Audit;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.Operations;

/// <summary>
/// The admins' operations actions, for the ops page and the ops API alike: run a recurring job now, and send a failed
/// email again. Only network admins may (the one <see cref="Actor"/>, as every other rule takes).
/// </summary>
public sealed class OperationsActions(ImpacteDbContext db, IRecurringJobTrigger jobs, TimeProvider clock)
{
    /// <summary>Asks the Workers to run a recurring job now (once, on one of them). 404 for an unknown job.</summary>
    public void RunNow(string jobId, Actor actor)
    {
        Require(actor);
        if (!RecurringJobIds.All.Contains(jobId) || !jobs.Trigger(jobId)) throw new NotFoundException("The job");
        // Recorded after the trigger: a job that could not be started was not run.
        AuditTrail.Record(db, clock.UtcNowForDb(), actor.UserId, "job.triggered", "job", Guid.Empty, null, jobId, null);
        db.SaveChanges();
    }

    /// <summary>
    /// Records an act an admin did on Hangfire's own Dashboard, which changes jobs without going through this class: a
    /// trigger as "job.triggered" (as <see cref="RunNow"/>), anything else (delete, requeue, remove…) as
    /// "job.dashboard-action" with what was done to which jobs.
    /// </summary>
    public async Task RecordDashboardActAsync(Actor actor, string action, IReadOnlyList<string> jobIds, CancellationToken ct = default)
    {
        Require(actor);
        var now = clock.UtcNowForDb();
        if (action == "recurring/trigger")
            foreach (var jobId in jobIds) AuditTrail.Record(db, now, actor.UserId, "job.triggered", "job", Guid.Empty, null, jobId, null);
        else
            AuditTrail.Record(db, now, actor.UserId, "job.dashboard-action", "job", Guid.Empty, null, $"{action}: {string.Join(", ", jobIds)}", null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Puts a failed email back in the outbox: same row, same Message-ID (a retry is the same message), with a fresh run of
    /// attempts. Only a failed email: a pending one is on its way and a sent one has arrived (409).
    /// </summary>
    public async Task<OutboxEmail> RetryEmailAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        Require(actor);
        var email = await db.Outbox.SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("The email");
        if (email.Status != OutboxStatus.Failed) throw new ConflictException("Only a failed email can be retried.");
        if ((await MailRule.RefusedAsync(db, [email], ct)).Count > 0)
            throw new ConflictException("This email is to a deactivated or erased account: IMPACTE sends it no email.");
        (email.Status, email.Attempts, email.NextAttemptAt) = (OutboxStatus.Pending, 0, clock.UtcNowForDb());
        AuditTrail.Record(db, email.NextAttemptAt, actor.UserId, "email.retried", "email", email.Id, "failed", "pending", null);
        await db.SaveChangesAsync(ct);
        return email;
    }

    private static void Require(Actor actor)
    {
        if (!actor.IsAdmin) throw new ForbiddenException("Only network admins run the operations view.");
    }
}
