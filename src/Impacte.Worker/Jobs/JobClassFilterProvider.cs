using System.Reflection;
using Hangfire.Common;

namespace Impacte.Worker.Jobs;

/// <summary>
/// Hangfire reads a job's filter attributes (AutomaticRetry) from the type it stored, which
/// is the job's Domain interface (so that the Api can load it to trigger it). This reads them from the Worker class that
/// implements the interface instead, where they belong; any other job keeps Hangfire's own lookup.
/// </summary>
internal sealed class JobClassFilterProvider(IReadOnlyDictionary<Type, Type> classes) : JobFilterAttributeFilterProvider
{
    protected override IEnumerable<JobFilterAttribute> GetTypeAttributes(Job job) =>
        classes.TryGetValue(job.Type, out var type) ? type.GetCustomAttributes<JobFilterAttribute>(inherit: true) : base.GetTypeAttributes(job);

    protected override IEnumerable<JobFilterAttribute> GetMethodAttributes(Job job)
    {
        if (!classes.TryGetValue(job.Type, out var type)) return base.GetMethodAttributes(job);
        var method = type.GetMethod(job.Method.Name, job.Method.GetParameters().Select(p => p.ParameterType).ToArray());
        return method?.GetCustomAttributes<JobFilterAttribute>(inherit: true) ?? [];
    }
}
