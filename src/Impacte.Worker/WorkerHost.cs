using Impacte.Domain;
using Impacte.Worker.Email;
using Impacte.Worker.Jobs;
using Impacte.Worker.Telemetry;

namespace Impacte.Worker;

/// <summary>The Worker's host, built the same way by Program and by the tests (which pass settings as arguments).</summary>
public static class WorkerHost
{
    /// <param name="services">Tests replace services here (a FakeTimeProvider for the clock).</param>
    public static IHost Build(string[] args, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddImpacteTelemetry();
        builder.Services.AddImpacteDomain(builder.Configuration);
        builder.Services.AddImpacteJobs(builder.Configuration);
        builder.Services.AddOutboxDispatcher(builder.Configuration);
        services?.Invoke(builder.Services);
        // Let a running fan-out finish on shutdown before the process exits.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder.Build();
    }
}
