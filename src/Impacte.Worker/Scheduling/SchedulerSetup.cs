using Impacte.Domain;
using Impacte.Worker.Email;
using Quartz;

namespace Impacte.Worker.Scheduling;

public static class SchedulerSetup
{
    /// <summary>
    /// Quartz.NET clustered over IMPACTE's PostgreSQL: every Worker joins one scheduler ("impacte"), each firing runs
    /// on one node, and a dead node's firings are recovered by the others. Quartz provisions its qrtz_* tables itself.
    /// </summary>
    public static IServiceCollection AddImpacteScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)!;
        var outbox = configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "impacte";
                s.GenerateInstanceId = true;
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
            });

            q.AddJob<OutboxDispatchJob>(j => j.WithIdentity(OutboxDispatchJob.Key).StoreDurably().RequestRecovery()
                .WithDescription("Sends the due emails of the outbox."));
            q.AddTrigger<OutboxDispatchJob>(t => t.ForJob(OutboxDispatchJob.Key).WithIdentity("outbox-dispatch-poll", "email")
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(outbox.PollSeconds)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);

        services.AddSingleton<IMailTransportFactory, SmtpMailTransportFactory>();
        services.AddSingleton<OutboxDispatcher>();
        return services;
    }
}
