using System.Diagnostics;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Impacte.Worker.Tests;

/// <summary>Workers as real processes: killed with SIGKILL mid-fan-out, and started together; and the lock a killed one leaves.</summary>
public sealed class WorkerFaultTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private string[] Args(params string[] more) =>
        [.. Worker.Args(database), "--Meetings:PollSeconds=1", "--Outbox:RetryBaseSeconds=1", .. more];

    [Fact]
    public async Task AWorkerKilledMidFanOutLeavesNoEmailLostAndNoSecondIdentity()
    {
        const int members = 300;
        var club = await ClubFixture.CreateAsync(database, members, "kill9");
        // Few connections and small batches keep the fan-out long enough to be cut in the middle.
        using var a = new WorkerProcess("worker-a", Args("--Outbox:Connections=2", "--Outbox:BatchSize=5"));
        using var b = new WorkerProcess("worker-b", Args("--Outbox:Connections=2", "--Outbox:BatchSize=5"));
        await Worker.WaitForAsync(async () => (await Worker.SchedulerInstancesAsync(database)).Count == 2 ? "" : null);

        await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));
        await Worker.WaitForAsync(async () => await SentAsync() >= 40 ? "" : null, seconds: 60);

        // Both nodes' dispatchers send at once (each row locked by one of them): kill one mid-batch.
        var (victim, survivor) = (a, b);
        victim.Kill9();
        Assert.True(await SentAsync() < members, "the kill landed after the fan-out had finished; nothing was tested");

        // The survivor takes up the dead node's job (Hangfire's sliding invisibility timeout) and finishes the outbox.
        foreach (var member in club.Members)
        {
            var emails = await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(90));
            Assert.Single(emails.Select(e => e.MessageId).Distinct());
        }
        await using var db = database.CreateContext();
        var rows = await db.Outbox.ToListAsync();
        Assert.Equal(members, rows.Count);
        Assert.All(rows, o => Assert.Equal(OutboxStatus.Sent, o.Status));
        // The batch the dead node had sent but not recorded went again: once more, with the same Message-ID, and only
        // once the outbox has settled can a late copy be counted (InboxSweepTests: the sweep does fail on a second
        // identity, a third copy or a lost email, where the first-copy checks above would pass).
        await InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, club.Members.Select(m => m.Email), faults: 1, quiet: TimeSpan.FromSeconds(5));
        GC.KeepAlive(survivor);
    }

    [Fact]
    public async Task TheSchedulerLockOfAKilledWorkerHoldsTheSurvivorBackForSecondsNotHalfAMinute()
    {
        // A first Worker makes Hangfire's schema and registers the recurring jobs, then stops cleanly.
        using (var first = WorkerHost.Build(Args()))
        {
            await first.StartAsync();
            await first.StopAsync();
        }
        var club = await ClubFixture.CreateAsync(database, 3, "stale-lock");
        // What a Worker SIGKILLed while it scheduled the recurring jobs leaves: the scheduler's lock row (as
        // Hangfire.PostgreSql names it, seen in hangfire.lock while a Worker runs), taken just now and never released.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('hangfire:recurring-jobs:lock', 0, now())", connection);
            await insert.ExecuteNonQueryAsync();
        }
        await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));

        var elapsed = Stopwatch.StartNew();
        using var survivor = WorkerHost.Build(Args());
        await survivor.StartAsync();
        try
        {
            // The pack is written by a recurring job, so only once the survivor's scheduler has taken the dead lock over.
            try
            {
                await Worker.WaitForAsync(async () =>
                {
                    await using var db = database.CreateContext();
                    return await db.Outbox.AnyAsync() ? "" : null;
                }, seconds: 90);
            }
            catch (TimeoutException e)
            {
                // Seen twice in full CI runs, never alone: a neighbour's stopped host had taken Hangfire's logging, and with it
                // the survivor's scheduler, down (HangfireLoggingTests). Should it recur, say what Hangfire's tables hold.
                throw new TimeoutException($"{e.Message} {await HangfireStateAsync()}", e);
            }
            // The lock expires after 10 s (JobSettings.Storage); at Hangfire.PostgreSql's 30 s this could not pass.
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(25), $"The pack was written {elapsed.Elapsed.TotalSeconds:F1} s after the survivor started.");
        }
        finally
        {
            await survivor.StopAsync();
        }
    }

    /// <summary>The lock rows, the reading-pack job's runs by state, and the servers, with the database's clock.</summary>
    private async Task<string> HangfireStateAsync()
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand($"""
            SELECT 'now ' || now()::text
            UNION ALL SELECT 'lock ' || resource || ' acquired ' || acquired::text FROM hangfire.lock
            UNION ALL SELECT 'server ' || id || ' heartbeat ' || lastheartbeat::text FROM hangfire.server
            UNION ALL SELECT 'job ' || coalesce(j.statename, '(none)') || ' x' || count(*) FROM hangfire.job j
                JOIN hangfire.jobparameter p ON p.jobid = j.id AND p.name = 'RecurringJobId' AND p.value = '"{RecurringJobIds.ReadingPacks}"'
                GROUP BY j.statename
            """, connection);
        var lines = new List<string>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("; ", lines);
    }

    [Fact]
    public async Task TwoWorkerProcessesStartedAtOnceSendEachMemberOneEmail()
    {
        var club = await ClubFixture.CreateAsync(database, 20, "twins");
        await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2));
        using var a = new WorkerProcess("twin-a", Args());
        using var b = new WorkerProcess("twin-b", Args());

        foreach (var member in club.Members)
            Assert.Single(await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(60)));
        await Task.Delay(TimeSpan.FromSeconds(4)); // several more firings of every polling job

        // Both are Hangfire servers over one storage; that no job runs on both at once is WorkerClusterTests' check
        // (it records every run in process). Here, as real processes, they must still send each member one email.
        Assert.Equal(["twin-a", "twin-b"], (await Worker.SchedulerInstancesAsync(database)).Order());
        Assert.Single(await MailDev.Local.ForAsync(club.Members[0].Email));
        // No fault here: after the run settles, every member has exactly one copy.
        await InboxSweep.AssertNoneLostAtMostOneExtraPerFaultAsync(database, club.Members.Select(m => m.Email), faults: 0, quiet: TimeSpan.FromSeconds(3));
    }

    private async Task<int> SentAsync()
    {
        await using var db = database.CreateContext();
        return await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Sent);
    }
}
