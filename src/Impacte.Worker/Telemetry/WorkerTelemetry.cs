using Impacte.Domain.Telemetry;
using OpenTelemetry.Metrics;

namespace Impacte.Worker.Telemetry;

public sealed class WorkerMetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Where Prometheus scrapes http://Host:Port/metrics. "localhost" listens on loopback only; "*" on every address
    /// (then let only the monitoring network reach the port). Two Workers on one machine need two ports.
    /// </summary>
    public string Host { get; set; } = "localhost";
    /// <summary>0 turns the scrape listener off (the tests do, but for the one that scrapes).</summary>
    public int Port { get; set; } = 9464;
}

/// <summary>
/// The Worker's telemetry: the shared part (<see cref="TelemetrySetup"/>: IMPACTE's meter with the outbox, email and
/// job numbers, Npgsql, HttpClient, logs, OTLP) and Prometheus's scrape on a port of its own.
/// </summary>
public static class WorkerTelemetry
{
    public static IHostApplicationBuilder AddImpacteTelemetry(this IHostApplicationBuilder builder)
    {
        var scrape = builder.Configuration.GetSection(WorkerMetricsOptions.Section).Get<WorkerMetricsOptions>() ?? new();
        builder.AddImpacteTelemetryCore("impacte-worker", metrics =>
        {
            if (scrape.Port > 0)
                metrics.AddPrometheusHttpListener(o =>
                {
                    o.Host = scrape.Host;
                    o.Port = scrape.Port;
                    o.ScrapeEndpointPath = "/metrics";
                });
        }, _ => { });
        return builder;
    }
}
