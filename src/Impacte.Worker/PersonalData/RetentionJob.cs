using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Domain.PersonalData;
using Impacte.Worker.Jobs;

namespace Impacte.Worker.PersonalData;

/// <summary>
/// Retention, daily: what has passed its period is removed (<see cref="RetentionSweep"/>). Safe to run twice, or on
/// two Workers at once: each step removes only rows past their date, so a second run finds nothing more.
/// </summary>
[RunExclusively]
[AutomaticRetry(Attempts = 4, DelaysInSeconds = [60, 300, 900, 3600])]
public sealed class RetentionJob(RetentionSweep sweep, ILogger<RetentionJob> log) : IRetentionJob
{
    public async Task RunAsync(CancellationToken ct)
    {
        var done = await sweep.RunAsync(ct);
        log.LogInformation("Retention: {EmailBodies} email bodies, {SignInAttempts} sign-in attempts, {Invitations} invitations, {ErasedTraces} erased people's traces removed",
            done.EmailBodies, done.SignInAttempts, done.Invitations, done.ErasedTraces);
    }
}
