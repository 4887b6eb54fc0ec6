using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Impacte.Worker.Tests;

/// <summary>An admin's "run this job now", as the Api writes it, carried out by a running Worker.</summary>
public sealed class JobRequestTests
{
    [Fact]
    public async Task ARunningWorkerFiresARequestedJobAndMarksTheRequestHandled()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var worker = WorkerHost.Build(Worker.Args(database));
        await worker.StartAsync();
        try
        {
            var request = new JobRequest { JobName = "meeting-horizon", RequestedBy = Guid.NewGuid(), RequestedAt = DateTimeOffset.UtcNow };
            await using (var db = database.CreateContext())
            {
                db.JobRequests.Add(request);
                await db.SaveChangesAsync();
            }

            await Worker.WaitForAsync(async () =>
            {
                await using var db = database.CreateContext();
                return await db.JobRequests.Where(r => r.Id == request.Id && r.HandledAt != null).Select(r => (object?)r.Id).FirstOrDefaultAsync();
            });
            var runs = await Worker.WaitForAsync(async () => await HorizonRunsAsync(database) > 0 ? "ran" : null);
            Assert.Equal("ran", runs);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    /// <summary>Firings of the job made on request rather than by its schedule, from Quartz's execution history.</summary>
    private static async Task<long> HorizonRunsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM qrtz_execution_history WHERE job_name = 'meeting-horizon' AND manual", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
