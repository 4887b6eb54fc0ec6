using Quartz;

namespace Impacte.Worker.Email;

/// <summary>
/// Sends the due emails of the outbox, every few seconds. Safe to run twice: rows are claimed under a lock.
/// Misfire policy: a missed firing is dropped (NextWithRemainingCount); the next one sends everything due anyway.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("outbox-dispatch", "email");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await dispatcher.DispatchDueAsync(ct);
}
