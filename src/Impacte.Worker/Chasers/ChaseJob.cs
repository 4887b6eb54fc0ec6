using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Domain.Telemetry;
using Impacte.Worker.Jobs;

namespace Impacte.Worker.Chasers;

/// <summary>
/// Chases what is due on practice changes (see <see cref="ChangeChasers"/>). Safe to run twice: each step's email has
/// its idempotency key. DisableConcurrentExecution keeps two runs from composing the same steps at once; the keys would
/// drop the second copy anyway. The attributes are read from this class (see JobClassFilterProvider).
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: JobSettings.LockWaitSeconds)]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class ChaseJob(ChangeChasers chasers, ImpacteMetrics metrics) : IChaseJob
{
    public async Task RunAsync(CancellationToken ct) => metrics.ChasesSent(await chasers.RunAsync(ct));
}
