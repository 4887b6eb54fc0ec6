using System.Net;
using Impacte.Domain.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Impacte.Api.Telemetry;

/// <summary>
/// The Api's telemetry: request rate and latency by route (ASP.NET Core's own http.server.request.duration), the
/// shared part (<see cref="TelemetrySetup"/>), and Prometheus's scrape at /metrics for the allowed networks only.
/// </summary>
public static class ApiTelemetry
{
    public const string MetricsPath = "/metrics";
    /// <summary>Who may read /metrics: addresses or CIDR networks, as a list or comma-separated. Loopback by default.</summary>
    public const string AllowedNetworksKey = "Metrics:AllowedNetworks";

    public static WebApplicationBuilder AddImpacteTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddImpacteTelemetryCore("impacte-api",
            metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter(),
            // Probes and scrapes come every few seconds and say nothing about people's requests.
            tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = c =>
                !c.Request.Path.StartsWithSegments(MetricsPath) && !c.Request.Path.StartsWithSegments("/health")));
        return builder;
    }

    /// <summary>
    /// Early in the pipeline (after the forwarded-headers step, before sign-in and HTTPS redirects). A request from
    /// anywhere else is answered 404.
    /// </summary>
    public static WebApplication UseImpacteMetricsEndpoint(this WebApplication app)
    {
        var networks = AllowedNetworks(app.Configuration);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == MetricsPath && MayScrape(c, networks));
        // Anyone else hears that there is nothing here (rather than being sent to sign in, as for a page).
        app.Use((context, next) =>
        {
            if (context.Request.Path != MetricsPath) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    internal static bool MayScrape(HttpContext context, IReadOnlyList<IPNetwork> networks)
    {
        // Came through a proxy (nginx adds X-Forwarded-For; the forwarded-headers step keeps what it read as
        // X-Original-For): that is someone outside, even when the proxy itself connects from loopback.
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("X-Original-For")) return false;
        // No address: a Unix socket or the in-process test server, both on this machine.
        if (context.Connection.RemoteIpAddress is not { } address) return true;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => n.Contains(address));
    }

    private static List<IPNetwork> AllowedNetworks(IConfiguration configuration)
    {
        var section = configuration.GetSection(AllowedNetworksKey);
        var values = (section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
            .Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (values.Count == 0) values = ["127.0.0.0/8", "::1/128"];
        return values.Select(v => v.Contains('/') ? IPNetwork.Parse(v) : new IPNetwork(IPAddress.Parse(v), IPAddress.Parse(v).GetAddressBytes().Length * 8)).ToList();
    }
}
