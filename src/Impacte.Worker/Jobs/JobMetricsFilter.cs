using System.Diagnostics;
using Hangfire.Server;
using Impacte.Domain.Telemetry;

namespace Impacte.Worker.Jobs;

/// <summary>Every job run this Worker performs, timed, by job (its Worker class) and outcome: impacte.job.duration.</summary>
internal sealed class JobMetricsFilter(ImpacteMetrics metrics) : IServerFilter
{
    private const string StartedKey = "impacte.metrics.started";

    public void OnPerforming(PerformingContext context) => context.Items[StartedKey] = Stopwatch.GetTimestamp();

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(StartedKey, out var started) || context.BackgroundJob.Job?.Type is not { } type) return;
        var job = JobsSetup.Classes.TryGetValue(type, out var worker) ? worker.Name : type.Name;
        metrics.JobRan(job, succeeded: context.Exception is null || context.ExceptionHandled, Stopwatch.GetElapsedTime((long)started));
    }
}
