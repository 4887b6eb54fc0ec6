using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Impacte.Domain.Email;
using Impacte.Domain.Telemetry;
using Impacte.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Impacte.Api.Tests.Platform;

/// <summary>
/// A collection of its own, run alone, so its hosts never live beside <see cref="TelemetryTests"/>' host: meters are
/// listened to by name across the process, and once, in CI, that host's scrape lost every request series after
/// these hosts had started and stopped beside it (most likely their same-named "Microsoft.AspNetCore.Hosting"
/// instruments ending the shared stream).
/// </summary>
[CollectionDefinition(nameof(OtlpExportTests), DisableParallelization = true)]
public sealed class OtlpExportCollection;

[Collection(nameof(OtlpExportTests))]
public sealed class OtlpExportTests
{
    /// <summary>The app's own setting, the standard variable, or neither.</summary>
    public static TheoryData<string> OtlpSettings => [TelemetrySetup.OtlpEndpointKey, TelemetrySetup.StandardOtlpEndpointKey, ""];

    [Theory]
    [MemberData(nameof(OtlpSettings))]
    public async Task WithAnOtlpEndpointConfiguredTheApiExportsItsMetricsAndTracesThereAndWithoutOneNothing(string setting)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = setting switch
        {
            TelemetrySetup.OtlpEndpointKey => new Dictionary<string, string> { [setting] = receiver.Endpoint, [TelemetrySetup.OtlpProtocolKey] = "http/protobuf" },
            TelemetrySetup.StandardOtlpEndpointKey => new Dictionary<string, string> { [setting] = receiver.Endpoint, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" },
            _ => new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" },
        };
        var api = new ConfiguredApiFactory(settings);
        bool tracing;
        try
        {
            await api.InitializeAsync();
            (await (await api.ClientForAsync("gp@example.org")).GetAsync("/api/me")).EnsureSuccessStatusCode();
            tracing = api.Services.GetService<TracerProvider>() is not null;
        }
        finally
        {
            // Stopping exports what is still batched (metrics are otherwise sent once a minute), the outbox gauges
            // included: they are read from the database, so before the host's services are disposed.
            await api.DisposeAsync();
        }

        var exporters = api.Registered!.Where(d => new[] { d.ServiceType, d.ImplementationType }.Concat(d.ServiceType.GenericTypeArguments)
            .Any(t => t?.Assembly.GetName().Name == "OpenTelemetry.Exporter.OpenTelemetryProtocol")).ToList();
        if (setting == "")
        {
            // Nothing configured: no OTLP exporter, and no spans recorded (they would go nowhere).
            Assert.Empty(exporters);
            Assert.False(tracing);
            Assert.Empty(receiver.Received);
            return;
        }
        Assert.NotEmpty(exporters);
        Assert.True(tracing);
        var metrics = receiver.Received.Where(r => r.Path == "/v1/metrics").ToList();
        var traces = receiver.Received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(metrics);
        Assert.NotEmpty(traces);
        Assert.All(metrics.Concat(traces), r => Assert.Equal("application/x-protobuf", r.ContentType));
        // IMPACTE's meter as an instrumentation scope: protobuf field 1 (name), 7 bytes, "Impacte".
        byte[] scope = [0x0A, (byte)ImpacteMetrics.MeterName.Length, .. Encoding.UTF8.GetBytes(ImpacteMetrics.MeterName)];
        Assert.Contains(metrics, r => r.Body.AsSpan().IndexOf(scope) >= 0);
        Assert.Contains(metrics, r => r.Body.AsSpan().IndexOf("impacte.outbox.oldest_pending_age"u8) >= 0);
        Assert.Contains(traces, r => r.Body.AsSpan().IndexOf("/api/me"u8) >= 0);
    }

    /// <summary>The Api with extra settings, over a database of its own.</summary>
    private sealed class ConfiguredApiFactory(Dictionary<string, string> settings) : ApiFactory
    {
        /// <summary>What the Api registered, to see whether an OTLP exporter is among it.</summary>
        public IServiceCollection? Registered { get; private set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureServices(s => Registered = s);
        }
    }

    /// <summary>A minimal OTLP/HTTP receiver on a loopback port: accepts POST /v1/{signal} and keeps what arrived.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication app;

        private OtlpReceiver(WebApplication app) => this.app = app;

        public ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Received { get; } = new();

        public string Endpoint => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var receiver = new OtlpReceiver(builder.Build());
            receiver.app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver.Received.Enqueue((context.Request.Path.Value!, context.Request.ContentType, body.ToArray()));
                // An empty Export*ServiceResponse: everything accepted.
                context.Response.ContentType = "application/x-protobuf";
            });
            await receiver.app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
