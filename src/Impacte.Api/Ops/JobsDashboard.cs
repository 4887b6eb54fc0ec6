using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Impacte.Domain;
using Impacte.Domain.Identity;
using Impacte.Domain.Operations;
using Microsoft.AspNetCore.Authorization;

namespace Impacte.Api.Ops;

/// <summary>
/// The Api's side of Hangfire: its client and monitoring API over the Worker's job storage, never a server (the Api runs
/// no job). Admins trigger recurring jobs through <see cref="OperationsActions"/> and see every job on the Dashboard.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/ops/hangfire";

    public static IServiceCollection AddImpacteJobsClient(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(DependencyInjection.ConnectionStringName)!;
        // This host's own storage rather than Hangfire's process-wide one, so Apis side by side in one process (tests)
        // stay on their own databases. Same schema as the Worker's; Hangfire creates it if no Worker has yet.
        services.AddSingleton<JobStorage>(_ =>
        {
            var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        // As the Worker's: jobs are stored as calls on Domain contracts, by simple assembly names.
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            // Hangfire's log provider is process-wide, and by default wraps the logger factory of the last host built: once
            // that host stops, every other host in the process fails on Hangfire's next log line (GlobalJobFilters' static
            // constructor among them, for good). The Api only enqueues and reads, and what fails there reaches our own
            // error handler and its log, so its Hangfire client logs nothing itself.
            .UseLogProvider(new SilentLogProvider()));
        services.AddSingleton<IRecurringJobTrigger, HangfireRecurringJobTrigger>();
        services.AddScoped<OperationsActions>();
        return services;
    }

    /// <summary>
    /// Hangfire's Dashboard at /ops/hangfire, for network admins signed in with the cookie: everyone else is sent to sign
    /// in (anonymous) or refused with 403. The role is checked twice, by the endpoint's policy and by the Dashboard's own
    /// filter, and the Dashboard's actions (trigger, retry, delete) need the antiforgery token its pages carry.
    /// </summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder app) =>
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            DashboardTitle = "IMPACTE jobs",
            AppPath = "/ops",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new AdminsOnlyDashboardFilter()],
            IgnoreAntiforgeryToken = false,
        }).RequireAuthorization(new AuthorizeAttribute { Roles = NetworkRoles.Admin });
}

/// <summary>The audit trail of what admins do on the Dashboard.</summary>
public static class JobsDashboardAudit
{
    /// <summary>
    /// Hangfire's Dashboard triggers, deletes and requeues jobs itself (POSTs under /ops/hangfire), so its acts are recorded
    /// here, once it has carried one out (2xx): refused ones (403 without the antiforgery token) are not acts. Its stats
    /// poll is a POST that changes nothing.
    /// </summary>
    public static WebApplication UseJobsDashboardAudit(this WebApplication app)
    {
        app.UseWhen(c => HttpMethods.IsPost(c.Request.Method) && c.Request.Path.StartsWithSegments(JobsDashboard.Path, out var rest) && rest != "/stats",
            branch => branch.Use(async (context, next) =>
            {
                await next(context);
                if (context.Response.StatusCode is < 200 or >= 300 || context.User.Identity?.IsAuthenticated != true) return;
                // Hangfire has read the form already (ASP.NET keeps it), so this reads no body twice.
                var jobs = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted))["jobs[]"] : default;
                var action = context.Request.Path.Value![(JobsDashboard.Path.Length + 1)..];
                await context.RequestServices.GetRequiredService<OperationsActions>()
                    .RecordDashboardActAsync(await Auth.Actors.ForAsync(context), action, [.. jobs.OfType<string>()], context.RequestAborted);
            }));
        return app;
    }
}

/// <summary>The Dashboard's own check: a signed-in network admin.</summary>
public sealed class AdminsOnlyDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public Task<bool> AuthorizeAsync(DashboardContext context) =>
        Task.FromResult(context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(NetworkRoles.Admin));
}

/// <summary>Hangfire's trigger: the recurring job is enqueued once, and whichever Worker fetches it runs it.</summary>
public sealed class HangfireRecurringJobTrigger(IRecurringJobManagerV2 jobs) : IRecurringJobTrigger
{
    public bool Trigger(string jobId) => jobs.TriggerJob(jobId) is not null;
}

/// <summary>Hangfire's log lines from the Api's client: none (see <see cref="JobsDashboard.AddImpacteJobsClient"/>).</summary>
file sealed class SilentLogProvider : ILogProvider, ILog
{
    public ILog GetLogger(string name) => this;

    // False: no level is enabled, so Hangfire never builds a message for it.
    public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
}
