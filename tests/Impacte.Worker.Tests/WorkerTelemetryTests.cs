using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Impacte.Domain.Email;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Impacte.Worker.Tests;

/// <summary>The Worker's Prometheus port, scraped as Prometheus would while the Worker sends real email (MailDev), and its logs.</summary>
public sealed partial class WorkerTelemetryTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TheScrapePortCountsTheEmailsTheWorkerSendsAndShowsTheOutboxAndTheJobs()
    {
        var port = FreePort();
        // A kind of its own, so other Workers in this process (other test classes) cannot move this count.
        var kind = $"metrics-{Guid.NewGuid():N}"[..30];
        // Chasers on (the suite turns them off): their job's run and count are what is scraped; this database has nothing to chase.
        using var worker = WorkerHost.Build([.. Worker.Args(database), $"--Metrics:Port={port}", "--Chasers:Enabled=true"]);
        await worker.StartAsync();
        try
        {
            // The gauges read PostgreSQL when scraped; a Worker busy starting may not answer the very first scrape.
            var before = await WaitForScrapeAsync(port, text => HasSeries(text, "impacte_outbox_pending"));
            Assert.True(HasSeries(before, "impacte_outbox_pending"), before);
            Assert.True(HasSeries(before, "impacte_outbox_oldest_pending_age_seconds"), before);
            Assert.Equal(0, Count(before, "impacte_emails_sent_total", kind));

            var row = await EnqueueAsync(kind);
            await MailDev.Local.WaitForAsync(row.ToAddress);

            var after = await WaitForScrapeAsync(port, text => Count(text, "impacte_emails_sent_total", kind) == 1);
            Assert.True(Count(after, "impacte_emails_sent_total", kind) == 1, after);
            // The jobs a starting Worker triggers (chasers, digests…) have run and been timed.
            after = await WaitForScrapeAsync(port, text => HasSeries(text, "impacte_job_duration_seconds_count", "job=\"ChaseJob\"", "outcome=\"succeeded\""));
            Assert.True(HasSeries(after, "impacte_job_duration_seconds_count", "job=\"ChaseJob\"", "outcome=\"succeeded\""), after);
            Assert.Contains("impacte_chases_sent_total", after);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    [Fact]
    public void InProductionLogsAreJsonWithTheTraceIdAndInDevelopmentReadable()
    {
        using var production = WorkerHost.Build([.. Worker.Args(database), "--environment=Production"]);
        Assert.Equal(ConsoleFormatterNames.Json, production.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().Get("").FormatterName);
        var tracking = production.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId));

        using var development = WorkerHost.Build([.. Worker.Args(database), "--environment=Development"]);
        Assert.NotEqual(ConsoleFormatterNames.Json, development.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().Get("").FormatterName);
    }

    private async Task<OutboxEmail> EnqueueAsync(string kind)
    {
        var row = new Emails(new EmailOptions(), TimeProvider.System)
            .Invitation(Guid.NewGuid(), $"metrics-{Guid.NewGuid():N}@example.org", "Test Person", "Test club", "Dr Lead", "token-" + Guid.NewGuid().ToString("N"));
        row.Kind = kind;
        await using var db = database.CreateContext();
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    private static async Task<string> ScrapeAsync(int port)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://localhost:{port}/metrics");
    }

    /// <summary>Scrapes until <paramref name="done"/> (a count is recorded when the batch's send returns), for 15 s at most.</summary>
    private static async Task<string> WaitForScrapeAsync(int port, Func<string, bool> done)
    {
        var text = await ScrapeAsync(port);
        for (var deadline = DateTime.UtcNow.AddSeconds(15); !done(text) && DateTime.UtcNow < deadline; text = await ScrapeAsync(port))
            await Task.Delay(300);
        return text;
    }

    /// <summary>A counter's value for one kind in Prometheus's text format; 0 when the series is not there yet.</summary>
    private static double Count(string scrape, string name, string kind)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{") && l.Contains($"kind=\"{kind}\""));
        return line is null ? 0 : double.Parse(SampleValue().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool HasSeries(string scrape, string name, params string[] labels) =>
        scrape.Split('\n').Any(l => (l.StartsWith(name + "{") || l.StartsWith(name + " ")) && labels.All(l.Contains));

    [GeneratedRegex(@"\}\s+(\S+)")]
    private static partial Regex SampleValue();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
