using Hangfire;
using Impacte.Domain.Digests;
using Impacte.Domain.Operations;
using Impacte.Domain.Telemetry;
using Impacte.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Digests;

/// <summary>
/// Writes the digests that are due, for the whole network, through the outbox (see <see cref="MemberDigests"/>). Hourly:
/// a member is due from 07:00 on their day in their zone, so each zone's hour is met within the hour. Safe to run twice
/// or on two Workers at once: each digest's idempotency key is its member and period. RunExclusively (see RunLocks) keeps
/// two runs from composing the same digests at once; the keys would drop the second copy anyway.
/// </summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [10, 30, 60, 300])]
public sealed class DigestJob(MemberDigests digests, ImpacteMetrics metrics, IOptions<DigestOptions> options, ILogger<DigestJob> log) : IDigestJob
{
    public async Task RunAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("Digests are switched off (Digests:Enabled=false)");
            return;
        }
        var written = await digests.SendDueAsync(ct);
        metrics.DigestsSent(written);
        log.LogInformation("Digests: {Count} written to the outbox", written);
    }
}
