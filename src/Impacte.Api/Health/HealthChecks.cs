using Impacte.Domain;
using Impacte.Domain.Email;
using Impacte.Domain.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Health;

/// <summary>
/// /health/live: the process answers. /health/ready: PostgreSQL and the SMTP relay answer too, so a load
/// balancer sends people only to an instance that can do its work; it says Degraded (still 200: this instance can
/// serve) when the outbox's oldest pending email has waited longer than <see cref="OutboxHealthOptions.OutboxMaxAgeMinutes"/>,
/// a sign that no Worker sends or the relay refuses.
/// </summary>
public static class HealthChecks
{
    public static IServiceCollection AddImpacteHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SmtpHealthCheck>("smtp", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", failureStatus: HealthStatus.Degraded, tags: ["ready"]);
        services.AddOptions<OutboxHealthOptions>().BindConfiguration(OutboxHealthOptions.Section);
        return services;
    }

    public static IEndpointRouteBuilder MapImpacteHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}

public sealed class OutboxHealthOptions
{
    public const string Section = "Health";

    /// <summary>How long the oldest pending email may wait before /health/ready says Degraded.</summary>
    public double OutboxMaxAgeMinutes { get; set; } = 15;
}

internal sealed class OutboxHealthCheck(ImpacteDbContext db, TimeProvider clock, IOptions<OutboxHealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var backlog = await OutboxBacklog.ReadAsync(db, clock.GetUtcNow(), ct);
        var limit = TimeSpan.FromMinutes(options.Value.OutboxMaxAgeMinutes);
        return backlog.OldestPendingAge > limit
            ? HealthCheckResult.Degraded($"The oldest of {backlog.Pending} pending emails has waited {backlog.OldestPendingAge.TotalMinutes:0} minutes (more than {limit.TotalMinutes:0}): is a Worker running, and does the relay take mail?")
            : HealthCheckResult.Healthy();
    }
}

internal sealed class DatabaseHealthCheck(ImpacteDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
}

internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> options) : IHealthCheck
{
    /// <summary>
    /// Connects the way the Worker sends (MailKit, TLS and authentication as configured), says NOOP and QUIT: proof it
    /// would take mail, not just that a port is open.
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var smtp = options.Value;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(smtp.ReadinessTimeoutSeconds));
            using var client = await SmtpConnection.OpenAsync(smtp, timeout.Token);
            await client.NoOpAsync(timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy($"SMTP {smtp.Host}:{smtp.Port} ({SmtpConnection.Security(smtp)}) does not take mail: {e.Message}");
        }
    }
}
