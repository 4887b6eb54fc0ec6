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

/// <summary>/metrics as Prometheus scrapes it, who may read it, and /health/ready's view of the outbox.</summary>
/// <summary>
/// Alone, after the parallel classes: OpenTelemetry listens to meters by name across the process, so with other
/// Api hosts alive their "Microsoft.AspNetCore.Hosting" instruments are taken for this host's and its own requests go
/// unseen (seen in the full run). In production one process is one host.
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task MetricsShowRequestLatencyByRouteAndTheOutboxGauges()
    {
        var member = await As("gp@example.org");
        (await member.GetAsync("/api/me")).EnsureSuccessStatusCode();

        // The request's duration is recorded as its response completes: scrape until it is there.
        var scrape = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(300))
        {
            var response = await Api.CreateClient().GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scrape = await response.Content.ReadAsStringAsync();
            if (Series(scrape, "http_server_request_duration_seconds_bucket").Any(l => l.Contains("http_route=\"/api/me\""))) break;
        }

        Assert.True(Series(scrape, "http_server_request_duration_seconds_bucket").Any(l => l.Contains("http_route=\"/api/me\"") && l.Contains("http_response_status_code=\"200\"")), scrape);
        Assert.True(Series(scrape, "impacte_outbox_pending").Count > 0, scrape);
        Assert.True(Series(scrape, "impacte_outbox_oldest_pending_age_seconds").Count > 0, scrape);
        // Npgsql's own: every query's duration, and failures (the count of database errors to watch).
        Assert.True(Series(scrape, "db_client_operation_duration_seconds_bucket").Count > 0, scrape);
    }

    [Fact]
    public async Task MetricsAreNotForAddressesOutsideTheAllowedNetworksNorThroughAProxy()
    {
        var server = Api.Server;
        var outsider = await server.SendAsync(c =>
        {
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        });
        Assert.Equal(StatusCodes.Status404NotFound, outsider.Response.StatusCode);

        var loopback = await server.SendAsync(c =>
        {
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        Assert.Equal(StatusCodes.Status200OK, loopback.Response.StatusCode);

        // nginx on the same machine connects from loopback, but says whom for: that is someone outside.
        var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "198.51.100.7");
        Assert.Equal(HttpStatusCode.NotFound, (await Api.CreateClient().SendAsync(proxied)).StatusCode);
    }

    [Fact]
    public async Task ReadinessDegradesWhileTheOldestPendingEmailIsOlderThanTheThreshold()
    {
        var client = Api.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));

        var stuck = new Emails(new EmailOptions(), TimeProvider.System)
            .PasswordReset(Guid.NewGuid(), $"stuck-{Guid.NewGuid():N}@example.org", "Test Person", "token-" + Guid.NewGuid().ToString("N"));
        stuck.CreatedAt = stuck.NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-16); // the default limit is 15 minutes
        await using (var db = Db())
        {
            db.Outbox.Add(stuck);
            await db.SaveChangesAsync();
        }
        try
        {
            var degraded = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, degraded.StatusCode); // this instance still serves people
            Assert.Equal("Degraded", await degraded.Content.ReadAsStringAsync());
        }
        finally
        {
            await using var db = Db();
            await db.Outbox.Where(e => e.Id == stuck.Id).ExecuteDeleteAsync();
        }
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    private static List<string> Series(string scrape, string name) =>
        scrape.Split('\n').Where(l => l.StartsWith(name + "{") || l.StartsWith(name + " ")).ToList();
}
