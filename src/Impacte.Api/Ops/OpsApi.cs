using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Ops;

public sealed record JobResponse(
    string Name, string Group, string? Description, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime, string? TriggerState,
    DateTimeOffset? LastRunAt, string? LastOutcome, string? LastError, long RunCount, long FailureCount);
public sealed record OutboxItem(
    Guid Id, string Kind, string ToAddress, string Subject, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);
public sealed record JobRequestResponse(Guid Id, string JobName, DateTimeOffset RequestedAt);

/// <summary>
/// The operations view (admins only). The Api never runs jobs: it reads Quartz's state from its qrtz_* tables
/// (triggers, and the execution history the Worker keeps in qrtz_job_status), and "trigger now" writes a job_requests
/// row that a Worker fires through its cluster within a couple of seconds.
/// </summary>
public static class OpsApi
{
    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/ops").WithTags("Operations").RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ops.MapGet("/jobs", ListJobs).WithName(nameof(ListJobs)).WithSummary("The Worker's scheduled jobs, with next and last fire times and the last outcome.");
        ops.MapPost("/jobs/{name}/trigger", TriggerJob).WithName(nameof(TriggerJob)).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Ask the Worker to run a job now.");
        ops.MapGet("/outbox", ListOutbox).WithName(nameof(ListOutbox)).ProducesValidationProblem().WithSummary("The email outbox, newest first, optionally by status (pending, sent, failed).");
        ops.MapPost("/outbox/{id:guid}/retry", RetryEmail).WithName(nameof(RetryEmail)).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a failed email again, with the same Message-ID.");
        return app;
    }

    internal static async Task<Ok<List<JobResponse>>> ListJobs(ImpacteDbContext db, CancellationToken ct) => TypedResults.Ok(await JobsAsync(db, ct));

    public static async Task<List<JobResponse>> JobsAsync(ImpacteDbContext db, CancellationToken ct)
    {
        // Until a Worker has started once there are no qrtz_* tables: no jobs to show.
        if (!await db.Database.SqlQuery<bool>($"SELECT to_regclass('qrtz_job_status') IS NOT NULL AS \"Value\"").SingleAsync(ct)) return [];
        // Quartz.NET stores instants as .NET ticks (UTC).
        var rows = await db.Database.SqlQuery<JobRow>($"""
            SELECT j.job_name AS "Name", j.job_group AS "Group", j.description AS "Description",
                   (SELECT min(t.next_fire_time) FROM qrtz_triggers t WHERE t.sched_name = j.sched_name AND t.job_name = j.job_name AND t.job_group = j.job_group AND t.next_fire_time > 0) AS "NextFire",
                   (SELECT max(t.prev_fire_time) FROM qrtz_triggers t WHERE t.sched_name = j.sched_name AND t.job_name = j.job_name AND t.job_group = j.job_group AND t.prev_fire_time > 0) AS "PrevFire",
                   (SELECT min(t.trigger_state) FROM qrtz_triggers t WHERE t.sched_name = j.sched_name AND t.job_name = j.job_name AND t.job_group = j.job_group) AS "State",
                   s.last_fired_time AS "LastRun", s.last_failure_time AS "LastFailure", s.last_failure_message AS "LastError",
                   coalesce(s.run_count, 0) AS "RunCount", coalesce(s.failure_count, 0) AS "FailureCount"
            FROM qrtz_job_details j
            LEFT JOIN qrtz_job_status s ON s.sched_name = j.sched_name AND s.job_name = j.job_name AND s.job_group = j.job_group
            ORDER BY j.job_group, j.job_name
            """).ToListAsync(ct);
        return rows.Select(r =>
        {
            var failedLast = r.LastRun is not null && r.LastRun == r.LastFailure;
            return new JobResponse(r.Name, r.Group, r.Description, Ticks(r.NextFire), Ticks(r.PrevFire), r.State?.ToLowerInvariant(),
                Ticks(r.LastRun), r.LastRun is null ? null : failedLast ? "failed" : "succeeded", failedLast ? r.LastError : null, r.RunCount, r.FailureCount);
        }).ToList();
    }

    internal static async Task<Accepted<JobRequestResponse>> TriggerJob(
        string name, ImpacteDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var jobs = await JobsAsync(db, ct);
        if (jobs.All(j => j.Name != name)) throw new NotFoundException("The job");
        var request = new JobRequest { JobName = name, RequestedBy = user.Id(), RequestedAt = clock.UtcNowForDb() };
        db.JobRequests.Add(request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted("/api/ops/jobs", new JobRequestResponse(request.Id, name, request.RequestedAt));
    }

    internal static async Task<Ok<Paged<OutboxItem>>> ListOutbox(ImpacteDbContext db, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        OutboxStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
            wanted = Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s)
                ? s : throw new DomainValidationException("status", "Choose pending, sent or failed.");
        var query = db.Outbox.Where(o => wanted == null || o.Status == wanted).OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => new OutboxItem(o.Id, o.Kind, o.ToAddress, o.Subject, o.Status.ToString().ToLower(), o.Attempts, o.CreatedAt, o.NextAttemptAt, o.SentAt, o.LastError));
        return TypedResults.Ok(await query.ToPagedAsync(PageRequest.From(page, pageSize), ct));
    }

    internal static async Task<Ok<OutboxItem>> RetryEmail(Guid id, ImpacteDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var email = await db.Outbox.SingleOrDefaultAsync(o => o.Id == id, ct) ?? throw new NotFoundException("The email");
        if (email.Status != OutboxStatus.Failed) throw new ConflictException("Only a failed email can be retried.");
        // Same row, same Message-ID: a retry is the same message, with a fresh run of attempts.
        (email.Status, email.Attempts, email.NextAttemptAt) = (OutboxStatus.Pending, 0, clock.UtcNowForDb());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new OutboxItem(email.Id, email.Kind, email.ToAddress, email.Subject, "pending", 0, email.CreatedAt, email.NextAttemptAt, email.SentAt, email.LastError));
    }

    private static DateTimeOffset? Ticks(long? ticks) => ticks is > 0 ? new DateTimeOffset(ticks.Value, TimeSpan.Zero) : null;

    private sealed record JobRow(string Name, string Group, string? Description, long? NextFire, long? PrevFire, string? State,
        long? LastRun, long? LastFailure, string? LastError, long RunCount, long FailureCount);
}
