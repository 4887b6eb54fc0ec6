using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Worker.Tests;

/// <summary>
/// Hangfire's log provider is process-wide: a host stopped beside a running Worker must not take the Worker's logging,
/// and with it every job the Worker makes, down with it (two CI runs failed that way; see HangfireLogging).
/// </summary>
public sealed class HangfireLoggingTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AWorkerStillMakesJobsAfterAnotherHostInItsProcessStops()
    {
        using var running = WorkerHost.Build(Worker.Args(database));
        await running.StartAsync();
        try
        {
            // Started after the Worker, the other host is the one Hangfire's provider logs through; stopping it disposes
            // its logger factory.
            using (var other = WorkerHost.Build(Worker.Args(database)))
            {
                await other.StartAsync();
                await other.StopAsync();
            }

            // Making a job reads its class's retry attribute, whose constructor asks that provider for a logger (this
            // threw ObjectDisposedException, and the Worker's recurring jobs never ran again).
            var id = running.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(RecurringJobIds.ReadingPacks);
            Assert.False(string.IsNullOrEmpty(id));
        }
        finally
        {
            await running.StopAsync();
        }
    }
}
