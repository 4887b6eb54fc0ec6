using Impacte.Domain;
using Impacte.Worker.Email;
using Impacte.Worker.Meetings;
using Quartz;

namespace Impacte.Worker.Scheduling;

public sealed class MeetingJobOptions
{
    public const string Section = "Meetings";

    /// <summary>How often the reading-pack, change and reminder jobs look for due work.</summary>
    public int PollSeconds { get; set; } = 30;
    public int HorizonMinutes { get; set; } = 60;
}

/// <summary>The jobs an admin may run now by name; the ops view lists them.</summary>
public static class Jobs
{
    public static readonly IReadOnlyList<JobKey> All =
        [OutboxDispatchJob.Key, MeetingHorizonJob.Key, ReadingPackJob.Key, MeetingChangesJob.Key, MeetingReminderJob.Key, JobRequestsJob.Key];

    public static JobKey? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}

public static class SchedulerSetup
{
    /// <summary>
    /// Quartz.NET clustered over IMPACTE's PostgreSQL: every Worker joins one scheduler ("impacte"), each firing runs
    /// on one node, and a dead node's firings are recovered by the others. Quartz provisions its qrtz_* tables itself,
    /// with its execution history (last outcome per job in qrtz_job_status), which the Api's ops view reads.
    /// </summary>
    public static IServiceCollection AddImpacteScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)!;
        var outbox = configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new();
        var meetings = configuration.GetSection(MeetingJobOptions.Section).Get<MeetingJobOptions>() ?? new();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "impacte";
                // A fixed id (Scheduler:InstanceId) lets an operator, or a test, tell the nodes apart; otherwise generated.
                if (configuration["Scheduler:InstanceId"] is { Length: > 0 } id) s.InstanceId = id;
                else s.GenerateInstanceId = true;
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                });
                store.ProvisionSchema();
                store.UseExecutionHistory();
            });

            Poll<OutboxDispatchJob>(q, OutboxDispatchJob.Key, outbox.PollSeconds, "Sends the due emails of the outbox.");
            Poll<JobRequestsJob>(q, JobRequestsJob.Key, outbox.PollSeconds, "Runs the jobs admins asked to run now.");
            Poll<ReadingPackJob>(q, ReadingPackJob.Key, meetings.PollSeconds, "Sends reading packs at start minus the lead time.");
            Poll<MeetingChangesJob>(q, MeetingChangesJob.Key, meetings.PollSeconds, "Sends updates and cancellations of meetings members heard of.");
            Poll<MeetingReminderJob>(q, MeetingReminderJob.Key, meetings.PollSeconds, "Sends the day-before reminders to yes and maybe.");

            q.AddJob<MeetingHorizonJob>(j => j.WithIdentity(MeetingHorizonJob.Key).StoreDurably().RequestRecovery()
                .WithDescription("Keeps every cadence's meetings generated three months ahead."));
            q.AddTrigger(t => t.ForJob(MeetingHorizonJob.Key).WithIdentity(MeetingHorizonJob.Key.Name, MeetingHorizonJob.Key.Group)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(meetings.HorizonMinutes)).RepeatForever()
                    // A missed hour fires once at once: a meeting near the horizon should not wait another hour.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        services.AddSingleton<IMailTransportFactory, SmtpMailTransportFactory>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddScoped<MeetingMail>();
        return services;
    }

    /// <summary>
    /// A polling job: durable, recovered when its node dies mid-run, fired every few seconds. A missed firing is
    /// dropped (NextWithRemainingCount): each run reads what is due from the database, so catching up would repeat it.
    /// </summary>
    private static void Poll<TJob>(IQuartzBuilder q, JobKey key, int seconds, string description) where TJob : IJob
    {
        q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().RequestRecovery().WithDescription(description));
        q.AddTrigger(t => t.ForJob(key).WithIdentity(key.Name, key.Group)
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(seconds)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
