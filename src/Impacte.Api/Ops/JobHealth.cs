using Hangfire;
using Impacte.Domain.Home;

namespace Impacte.Api.Ops;

/// <summary>The recurring jobs whose last run failed, read from Hangfire's storage (the Api runs no jobs itself).</summary>
public sealed class JobHealth(JobStorage storage) : IJobHealth
{
    public IReadOnlyList<FailingJob> Failing() => OpsApi.Jobs(storage)
        .Where(j => string.Equals(j.LastJobState, "failed", StringComparison.OrdinalIgnoreCase))
        .Select(j => new FailingJob(j.Id, j.Error, j.Dashboard)).ToList();
}
