using Impacte.Domain.Appraisals;
using Impacte.Domain.Digests;
using Impacte.Domain.Operations;
using Impacte.Domain.Seeding;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Impacte.Worker.Tests;

/// <summary>
/// The demo network as up.sh leaves it (seed: network, schedule, changes) and the Worker's first runs with up.sh's
/// settings: what a reviewer signing in after start-up must find in MailDev.
/// </summary>
public sealed class DemoStartTests : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public async ValueTask InitializeAsync()
    {
        await api.InitializeAsync();
        using var scope = api.Services.CreateScope();
        var demo = scope.ServiceProvider.GetRequiredService<DemoNetwork>();
        var seeds = DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds);
        await demo.LoadScheduleAsync(seeds);
        await demo.LoadChangesAsync(seeds);
    }

    public async ValueTask DisposeAsync() => await api.DisposeAsync();

    /// <summary>The Worker as up.sh starts it (Chasers:AnyHour and Digests:AnyHour on, both scheduled), at the real time.</summary>
    private IHost UpShWorker(int smtpPort = 1025) =>
        WorkerHost.Build([.. Worker.Args(api.Database, smtpPort), "--Chasers:AnyHour=true", "--Digests:AnyHour=true", "--Chasers:Enabled=true", "--Digests:Enabled=true"]);

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var db = api.Database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task TheDemoGpGetsADigestOnTheWorkersFirstRunAfterSeeding()
    {
        using var host = UpShWorker();
        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IDigestJob>().RunAsync(CancellationToken.None);

        var gp = await UserIdAsync("gp@example.org");
        await using var db = api.Database.CreateContext();
        var digest = Assert.Single(await db.Outbox.Where(e => e.Kind == DigestEmails.Kind && e.RecipientId == gp).ToListAsync());
        Assert.Equal("gp@example.org", digest.ToAddress);
    }

    [Fact]
    public async Task TheLibrariansAreToldOfTheSeededAppraisalPastItsReviewByDateOnTheWorkersFirstRun()
    {
        using var host = UpShWorker();
        using (var scope = host.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IEvidenceReviewJob>().RunAsync(CancellationToken.None);

        await using var db = api.Database.CreateContext();
        var told = await db.Outbox.Where(e => e.Kind == "appraisal-review").Select(e => e.ToAddress).ToListAsync();
        Assert.Equal(["librarian2@example.org", "librarian@example.org"], told.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The Worker as up.sh starts it, left to itself: within a minute its own start-up runs have written the GP's digest
    /// and the librarians' review emails. (Its SMTP relay is a closed port: the demo's addresses stay out of the
    /// shared MailDev; what reaches the outbox is what the dispatcher sends.)
    /// </summary>
    [Fact]
    public async Task AWorkerStartedAsUpShDoesWritesTheGpsDigestAndTheLibrariansReviewEmailsWithinAMinute()
    {
        var gp = await UserIdAsync("gp@example.org");
        using var worker = UpShWorker(smtpPort: 9);
        await worker.StartAsync();
        try
        {
            await Worker.WaitForAsync(async () =>
            {
                await using var db = api.Database.CreateContext();
                var digest = await db.Outbox.AnyAsync(e => e.Kind == DigestEmails.Kind && e.RecipientId == gp);
                var reviews = await db.Outbox.CountAsync(e => e.Kind == "appraisal-review");
                return digest && reviews == 2 ? "" : null;
            }, seconds: 60);
        }
        finally
        {
            await worker.StopAsync();
        }
    }
}
