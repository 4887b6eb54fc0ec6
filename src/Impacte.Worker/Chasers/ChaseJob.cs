using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Domain.Telemetry;
using Impacte.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Chasers;

/// <summary>
/// Chases what is due on practice changes (see <see cref="ChangeChasers"/>). Safe to run twice: each step's email has
/// its idempotency key. RunExclusively (see RunLocks) keeps two runs from composing the same steps at once; the keys would
/// drop the second copy anyway. The attributes are read from this class (see JobClassFilterProvider).
/// </summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class ChaseJob(ChangeChasers chasers, ImpacteMetrics metrics, IOptions<ChaserOptions> options, ILogger<ChaseJob> log) : IChaseJob
{
    public async Task RunAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("Chasers are switched off (Chasers:Enabled=false)");
            return;
        }
        metrics.ChasesSent(await chasers.RunAsync(ct));
    }
}
