using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Operations;
using Impacte.Domain.PersonalData;
using Impacte.Testing;
using Impacte.Worker.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Worker.Tests;

/// <summary>
/// The Worker's daily retention job as Hangfire has it registered (RecurringJobs): its schedule, and that the stored job,
/// run as Hangfire runs it, sweeps with the periods of this Worker's configuration on its (simulated) clock.
/// </summary>
public sealed class RetentionJobTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TheRegisteredDailyRetentionJobSweepsWithTheConfiguredPeriodsAndTwiceIsOnce()
    {
        var now = new DateTimeOffset(2031, 3, 1, 3, 0, 0, TimeSpan.Zero);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using (var db = database.CreateContext())
        {
            // Either side of the configured 10 and 20 days; the defaults (30 and 90) would keep all four.
            db.Outbox.AddRange(Sent($"old-{tag}", now.AddDays(-11)), Sent($"new-{tag}", now.AddDays(-9)));
            db.SignInAttempts.AddRange(Attempt($"old-{tag}", now.AddDays(-21)), Attempt($"new-{tag}", now.AddDays(-19)));
            await db.SaveChangesAsync();
        }
        using var host = WorkerHost.Build([.. Worker.Args(database), "--Retention:SentEmailBodyDays=10", "--Retention:SignInAttemptDays=20"],
            s => s.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));

        // What a starting Worker registers (without starting its Hangfire server: the test runs the job itself).
        await host.Services.GetServices<IHostedService>().OfType<RecurringJobs>().Single().StartAsync(CancellationToken.None);
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var registered = Assert.Single(connection.GetRecurringJobs([RecurringJobIds.Retention]));
        Assert.Equal(("0 3 * * *", TimeZoneInfo.Utc.Id), (registered.Cron, registered.TimeZoneId)); // daily, 03:00 UTC
        Assert.Equal(typeof(IRetentionJob), registered.Job.Type);

        await RunAsHangfireDoesAsync(host, registered.Job);
        await AssertSweptAsync(tag);
        // A second run (a retry, another Worker) finds nothing more to remove.
        await RunAsHangfireDoesAsync(host, registered.Job);
        await AssertSweptAsync(tag);
    }

    /// <summary>The stored call on the Domain contract, resolved from a scope of its own as Hangfire's activator does.</summary>
    private static async Task RunAsHangfireDoesAsync(IHost host, Job job)
    {
        using var scope = host.Services.CreateScope();
        await (Task)job.Method.Invoke(scope.ServiceProvider.GetRequiredService(job.Type), [CancellationToken.None])!;
    }

    private async Task AssertSweptAsync(string tag)
    {
        await using var db = database.CreateContext();
        var old = await db.Outbox.SingleAsync(o => o.IdempotencyKey == $"old-{tag}");
        Assert.Equal((RetentionSweep.RemovedBody, (string?)null, "Your digest"), (old.TextBody, old.HtmlBody, old.Subject));
        Assert.Equal("Hello", (await db.Outbox.SingleAsync(o => o.IdempotencyKey == $"new-{tag}")).TextBody);
        Assert.False(await db.SignInAttempts.AnyAsync(a => a.EmailHash == $"old-{tag}"));
        Assert.True(await db.SignInAttempts.AnyAsync(a => a.EmailHash == $"new-{tag}"));
    }

    private static OutboxEmail Sent(string key, DateTimeOffset sentAt) => new()
    {
        IdempotencyKey = key, MessageId = $"<{key}@test>", Kind = "digest", ToAddress = $"{key}@example.org", Subject = "Your digest",
        TextBody = "Hello", HtmlBody = "<p>Hello</p>", Status = OutboxStatus.Sent, CreatedAt = sentAt, NextAttemptAt = sentAt, SentAt = sentAt,
    };

    private static SignInAttempt Attempt(string hash, DateTimeOffset at) => new() { EmailHash = hash, At = at, Channel = "api", Succeeded = false };
}
