using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.PostgreSql.Factories;
using Hangfire.PostgreSql;
using Impacte.Domain;
using Impacte.Domain.Operations;
using Impacte.Worker.Chasers;
using Impacte.Worker.Meetings;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Jobs;

public sealed class MeetingJobOptions
{
    public const string Section = "Meetings";

    /// <summary>How often the reading-pack, change and reminder jobs look for due work (see <see cref="JobSettings.Cron"/>).</summary>
    public int PollSeconds { get; set; } = 30;
    public int HorizonMinutes { get; set; } = 60;
}

public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>The Hangfire server's name, to tell Workers apart on the Dashboard (its id adds the process and a guid).</summary>
    public string? ServerName { get; set; }
    /// <summary>Jobs one Worker runs at once.</summary>
    public int WorkerCount { get; set; } = 8;
}

public static class JobSettings
{
    /// <summary>How long a second run of a job waits for the first to finish before it fails (and is retried).</summary>
    public const int LockWaitSeconds = 60;

    /// <summary>
    /// Hangfire's storage in IMPACTE's database, schema "hangfire" (created and upgraded by Hangfire.PostgreSql).
    /// A fetched job stays invisible to other Workers while its Worker keeps it alive (every 4 s, sliding); a killed
    /// Worker stops doing so, and another Worker takes the job 20 s later (plus at most one 2 s queue poll).
    /// Hangfire's own locks are rows without keep-alive, held for moments (the recurring scheduler's, every second on
    /// every Worker): one left by a killed Worker stops every recurring job network-wide until it expires, so after 10 s
    /// rather than 30 s (likely why 7 of 24 fault-suite survivors took over more than 30 s after a kill). One held
    /// longer than that may be taken over, and a recurring job then run twice, which every job here is safe to.
    /// IMPACTE's jobs keep their runs apart with <see cref="RunLocks"/>, which a killed Worker releases at once.
    /// </summary>
    public static PostgreSqlStorage Storage(string connectionString, TimeSpan? jobHistory = null)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(20),
            DistributedLockTimeout = TimeSpan.FromSeconds(10),
            QueuePollInterval = TimeSpan.FromSeconds(2),
        };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        if (jobHistory is { } keep) storage.JobExpirationTimeout = keep;
        return storage;
    }

    /// <summary>
    /// A cron expression for "every <paramref name="interval"/>". Cron counts within the minute, hour and day, so an
    /// interval that does not divide 60 seconds, 60 minutes or 24 hours is rounded down to one that does (45 s runs
    /// every 30 s); under a minute, a six-field cron with seconds.
    /// </summary>
    public static string Cron(TimeSpan interval)
    {
        static string Every(int value, int of) => Enumerable.Range(1, value).Last(d => of % d == 0) is var d && d > 1 ? $"*/{d}" : "*";
        var seconds = Math.Max(1, (int)interval.TotalSeconds);
        if (seconds < 60) return $"{Every(seconds, 60)} * * * * *";
        var minutes = seconds / 60;
        if (minutes < 60) return $"{Every(minutes, 60)} * * * *";
        var hours = minutes / 60;
        return hours < 24 ? $"0 {Every(hours, 24)} * * *" : "0 0 * * *";
    }
}

public static class JobsSetup
{
    /// <summary>The Worker's job classes behind the Domain contracts Hangfire stores (and the Api triggers).</summary>
    public static readonly IReadOnlyDictionary<Type, Type> Classes = new Dictionary<Type, Type>
    {
        [typeof(IMeetingHorizonJob)] = typeof(MeetingHorizonJob),
        [typeof(IReadingPackJob)] = typeof(ReadingPackJob),
        [typeof(IMeetingChangesJob)] = typeof(MeetingChangesJob),
        [typeof(IMeetingReminderJob)] = typeof(MeetingReminderJob),
        [typeof(IChaseJob)] = typeof(ChaseJob),
        [typeof(IDigestJob)] = typeof(Digests.DigestJob),
        [typeof(IEvidenceReviewJob)] = typeof(Appraisals.EvidenceReviewJob),
        [typeof(IRetentionJob)] = typeof(PersonalData.RetentionJob),
    };

    /// <summary>
    /// A Hangfire server over IMPACTE's PostgreSQL. Any number of Workers run one each: a job runs on one of them, and
    /// the jobs of a Worker that dies are taken up by the others. Storage, activator and filters are this host's own
    /// services rather than Hangfire's process-wide defaults, so hosts side by side in one process (tests) stay apart.
    /// </summary>
    public static IServiceCollection AddImpacteJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)!;
        var meetings = configuration.GetSection(MeetingJobOptions.Section).Get<MeetingJobOptions>() ?? new();
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new();
        services.AddOptions<MeetingJobOptions>().Bind(configuration.GetSection(MeetingJobOptions.Section));
        services.AddOptions<ChaserOptions>().Bind(configuration.GetSection(ChaserOptions.Section));
        services.AddOptions<Domain.PersonalData.RetentionOptions>().Bind(configuration.GetSection(Domain.PersonalData.RetentionOptions.Section));
        var retention = configuration.GetSection(Domain.PersonalData.RetentionOptions.Section).Get<Domain.PersonalData.RetentionOptions>() ?? new();

        // Finished jobs' history expires after the retention period (Hangfire deletes it itself).
        services.AddSingleton<JobStorage>(_ => JobSettings.Storage(connectionString, TimeSpan.FromDays(Math.Max(1, retention.JobHistoryDays))));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // This host's own filters: the job classes' attributes, the run locks (RunLockFilter), and every run timed (JobMetricsFilter).
        services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(GlobalJobFilters.Filters, new JobClassFilterProvider(Classes),
            new JobFilterCollection { new RunLockFilter(sp.GetRequiredService<RunLocks>()), new JobMetricsFilter(sp.GetRequiredService<Domain.Telemetry.ImpacteMetrics>()) }));
        services.AddHangfire((sp, c) => c
            .UseHostLogging(sp.GetRequiredService<ILoggerFactory>())
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer(o =>
        {
            if (jobs.ServerName is { Length: > 0 } name) o.ServerName = name;
            o.WorkerCount = Math.Max(1, jobs.WorkerCount);
            // The recurring scheduler looks for due occurrences this often: half the shortest interval, at most 15 s.
            o.SchedulePollingInterval = TimeSpan.FromSeconds(Math.Clamp(meetings.PollSeconds / 2.0, 1, 15));
            // A dead Worker leaves the Dashboard's server list after a minute.
            o.ServerTimeout = TimeSpan.FromMinutes(1);
            o.ServerCheckInterval = TimeSpan.FromSeconds(30);
        });

        foreach (var (contract, job) in Classes) services.AddScoped(contract, job);
        services.AddScoped<MeetingMail>();
        services.AddSingleton<RunLocks>();
        services.AddScoped(sp => new Domain.PersonalData.RetentionSweep(sp.GetRequiredService<Domain.ImpacteDbContext>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<Domain.PersonalData.RetentionOptions>>().Value));
        services.AddScoped<ChangeChasers>();
        services.AddScoped<Domain.Measures.ChangeMeasures>(); // the chasers draw the measure's chart
        services.AddHostedService<RecurringJobs>();
        return services;
    }
}
