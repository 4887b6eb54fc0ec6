using System.Net.Sockets;
using System.Text;
using Impacte.Domain;
using Impacte.Domain.Email;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Impacte.Api.Health;

/// <summary>
/// /health/live: the process answers. /health/ready: PostgreSQL and the SMTP relay answer too, so a load
/// balancer sends people only to an instance that can do its work.
/// </summary>
public static class HealthChecks
{
    public static IServiceCollection AddImpacteHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SmtpHealthCheck>("smtp", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapImpacteHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}

internal sealed class DatabaseHealthCheck(ImpacteDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
}

internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> options) : IHealthCheck
{
    /// <summary>Connects and reads the server's 220 greeting, then says QUIT: proof it would take mail.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var smtp = options.Value;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, timeout.Token);
            await using var stream = client.GetStream();
            var buffer = new byte[512];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            var greeting = Encoding.ASCII.GetString(buffer, 0, read);
            await stream.WriteAsync("QUIT\r\n"u8.ToArray(), timeout.Token);
            return greeting.StartsWith("220", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"SMTP {smtp.Host}:{smtp.Port} greeted with '{greeting.Trim()}'.");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return HealthCheckResult.Unhealthy($"SMTP {smtp.Host}:{smtp.Port} does not answer.");
        }
    }
}
