using Hangfire;
using Impacte.Domain.Operations;
using Impacte.Worker.Chasers;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Jobs;

/// <summary>
/// Every recurring job, registered here and nowhere else, when a Worker starts (AddOrUpdate: every Worker may do it, the
/// last write wins and all write the same). Misfires are relaxed: occurrences missed while no Worker ran become one
/// run, since each run reads what is due and catching up would only repeat the same query.
/// </summary>
public sealed class RecurringJobs(IRecurringJobManager jobs, IOptions<MeetingJobOptions> options, IOptions<ChaserOptions> chasers) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        var meetings = options.Value;
        var poll = JobSettings.Cron(TimeSpan.FromSeconds(meetings.PollSeconds));
        var schedule = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };

        jobs.AddOrUpdate<IMeetingHorizonJob>(RecurringJobIds.MeetingHorizon, j => j.RunAsync(CancellationToken.None),
            JobSettings.Cron(TimeSpan.FromMinutes(meetings.HorizonMinutes)), schedule);
        jobs.AddOrUpdate<IReadingPackJob>(RecurringJobIds.ReadingPacks, j => j.RunAsync(CancellationToken.None), poll, schedule);
        jobs.AddOrUpdate<IMeetingChangesJob>(RecurringJobIds.MeetingChanges, j => j.RunAsync(CancellationToken.None), poll, schedule);
        jobs.AddOrUpdate<IMeetingReminderJob>(RecurringJobIds.MeetingReminders, j => j.RunAsync(CancellationToken.None), poll, schedule);
        jobs.AddOrUpdate<IChaseJob>(RecurringJobIds.Chasers, j => j.RunAsync(CancellationToken.None),
            JobSettings.Cron(TimeSpan.FromMinutes(Math.Max(1, chasers.Value.PollMinutes))), schedule);
        jobs.AddOrUpdate<IDigestJob>(RecurringJobIds.Digests, j => j.RunAsync(CancellationToken.None), JobSettings.Cron(TimeSpan.FromHours(1)), schedule);
        // Review-by dates are days: hourly is prompt enough, and a run finds nothing twice.
        jobs.AddOrUpdate<IEvidenceReviewJob>(RecurringJobIds.EvidenceReview, j => j.RunAsync(CancellationToken.None), Cron.Hourly(), schedule);
        // Retention: daily in the quiet of the night; a run past its time removes only what is past its date.
        jobs.AddOrUpdate<IRetentionJob>(RecurringJobIds.Retention, j => j.RunAsync(CancellationToken.None), Cron.Daily(3), schedule);

        // The horizon runs hourly on the hour; a Worker that starts generates at once rather than waiting for it.
        jobs.Trigger(RecurringJobIds.MeetingHorizon);
        // Chasers too: a Worker started in working hours sends what is due without waiting for the quarter hour.
        jobs.Trigger(RecurringJobIds.Chasers);
        // Digests too: a Worker started after 07:00 on a digest day sends them without waiting for the hour.
        jobs.Trigger(RecurringJobIds.Digests);
        // And evidence drift: a Worker started after a review-by date tells the librarians at once.
        jobs.Trigger(RecurringJobIds.EvidenceReview);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
