using Quartz;

namespace Impacte.Worker.Email;

/// <summary>
/// "Run now" for the outbox: the dispatcher is a long-running loop (<see cref="OutboxListener"/>), so this only wakes it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("outbox-dispatch", "email");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        dispatcher.Wake();
        return ValueTask.CompletedTask;
    }
}
