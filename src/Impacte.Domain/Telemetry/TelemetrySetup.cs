using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Impacte.Domain.Telemetry;

/// <summary>
/// The telemetry Api and Worker share (each host adds its own part and its Prometheus exporter): IMPACTE's meter,
/// HttpClient and Npgsql instrumentation, the trace id on every log line, JSON logs in Production, and OTLP export
/// (traces, metrics and logs) when an endpoint is configured.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Where OTLP goes: this setting, else the standard OTEL_EXPORTER_OTLP_ENDPOINT; neither means no OTLP.</summary>
    public const string OtlpEndpointKey = "Telemetry:OtlpEndpoint";
    /// <summary>"grpc" (the default, usually port 4317) or "http/protobuf" (4318), for <see cref="OtlpEndpointKey"/>.</summary>
    public const string OtlpProtocolKey = "Telemetry:OtlpProtocol";
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddImpacteTelemetryCore(this IHostApplicationBuilder builder, string serviceName,
        Action<MeterProviderBuilder> metrics, Action<TracerProviderBuilder> tracing)
    {
        builder.Services.AddSingleton<OutboxBacklog>();
        builder.Services.AddSingleton<ImpacteMetrics>();
        builder.Services.AddHostedService<MetricsAtStart>();

        // Each log line carries the trace and span it happened in (the JSON formatter writes them with the scopes).
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (builder.Environment.IsProduction())
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(m =>
            {
                m.AddMeter(ImpacteMetrics.MeterName).AddHttpClientInstrumentation().AddNpgsqlInstrumentation();
                metrics(m);
            });

        var endpoint = builder.Configuration[OtlpEndpointKey];
        if (endpoint is { Length: > 0 })
            otel.UseOtlpExporter(builder.Configuration[OtlpProtocolKey] == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, new Uri(endpoint));
        else if (builder.Configuration[StandardOtlpEndpointKey] is { Length: > 0 })
            otel.UseOtlpExporter(); // reads the standard OTEL_EXPORTER_OTLP_* settings itself
        else
            return builder;

        builder.Services.AddHostedService<MetricsExportedAtStop>();
        // Traces only go somewhere over OTLP: without it, recording spans would cost for nothing.
        otel.WithTracing(t =>
        {
            t.AddHttpClientInstrumentation().AddNpgsql();
            tracing(t);
        });
        return builder;
    }
}

/// <summary>
/// The last OTLP export of metrics, made while the host stops and its services still answer. The exporter's own flush
/// comes when the container is disposed, after the database context the outbox gauges read: they had no reading, and
/// IMPACTE's meter was left out of a stopping host's last numbers. Registered with the telemetry, before the host's own
/// services: hosted services stop in reverse order, so this runs once those (the outbox lanes) have stopped.
/// </summary>
internal sealed class MetricsExportedAtStop(MeterProvider meters) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public Task StopAsync(CancellationToken ct)
    {
        meters.ForceFlush(5_000);
        return Task.CompletedTask;
    }
}

/// <summary>Makes IMPACTE's instruments when the host starts, so the outbox gauges exist even in a host that never sends an email.</summary>
internal sealed class MetricsAtStart(ImpacteMetrics metrics) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => Task.FromResult(metrics);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
