using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Worker.Tests;

/// <summary>An admin's "run now", as the Api makes it (the Domain's action over Hangfire's trigger), carried out by a running Worker.</summary>
public sealed class RunNowTests
{
    [Fact]
    public async Task AnAdminsRunNowIsCarriedOutByARunningWorker()
    {
        await using var database = await TestDatabase.CreateAsync();
        var club = await ClubFixture.CreateAsync(database, 2, "runnow");
        await ClubFixture.AddMeetingAsync(database, club.Id, TimeSpan.FromDays(2)); // its pack is due
        // The polling jobs run hourly here: the pack can only come from the trigger.
        using var worker = WorkerHost.Build([.. Worker.Args(database), "--Meetings:PollSeconds=3600"]);
        await worker.StartAsync();
        try
        {
            await Worker.WaitForAsync(async () => await Worker.SucceededRunsAsync(database.ConnectionString, RecurringJobIds.MeetingHorizon) > 0 ? "" : null);
            Assert.Equal(0, await Worker.SucceededRunsAsync(database.ConnectionString, RecurringJobIds.ReadingPacks));

            await using var db = database.CreateContext();
            var operations = new OperationsActions(db, new HangfireTrigger(worker.Services.GetRequiredService<IRecurringJobManagerV2>()), TimeProvider.System);
            Assert.Throws<Domain.Common.ForbiddenException>(() => operations.RunNow(RecurringJobIds.ReadingPacks, Domain.Access.Actor.With(Guid.NewGuid(), isAdmin: false, [], [])));
            operations.RunNow(RecurringJobIds.ReadingPacks, Domain.Access.Actor.With(Guid.NewGuid(), isAdmin: true, [], []));

            foreach (var member in club.Members)
                Assert.Single(await MailDev.Local.WaitForAsync(member.Email, timeout: TimeSpan.FromSeconds(30)));
            // One run, the triggered one, recorded as such (its state follows the emails by a moment).
            await Worker.WaitForAsync(async () => await Worker.SucceededRunsAsync(database.ConnectionString, RecurringJobIds.ReadingPacks) > 0 ? "" : null);
            Assert.Equal(1, await Worker.SucceededRunsAsync(database.ConnectionString, RecurringJobIds.ReadingPacks));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    /// <summary>The Api's trigger (HangfireRecurringJobTrigger) as written there: the Worker's tests cannot reference the Api.</summary>
    private sealed class HangfireTrigger(IRecurringJobManagerV2 jobs) : IRecurringJobTrigger
    {
        public bool Trigger(string jobId) => jobs.TriggerJob(jobId) is not null;
    }
}
