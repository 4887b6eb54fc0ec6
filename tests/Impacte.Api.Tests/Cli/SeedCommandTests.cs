using Impacte.Api.Cli;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Impacte.Api.Tests.Cli;

public sealed class SeedCommandTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task TheSeedCommandGivesEveryDemoClubItsRhythmAndMeetingsAndIsSafeToRepeat()
    {
        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["seed", "--seeds", RepoPaths.Seeds]));
        await using var db = Db();
        var meetings = await db.Meetings.CountAsync();

        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["seed", "--seeds", RepoPaths.Seeds]));

        Assert.Equal(3, await db.Cadences.CountAsync());
        Assert.True(meetings >= 3 * 3, "three months of meetings for each of the three clubs");
        Assert.Equal(meetings, await db.Meetings.CountAsync());
        var milton = await ClubIdAsync(MiltonKeynes);
        // The next meeting from now (the demo changes bring past meetings whose minutes agreed them).
        var now = DateTimeOffset.UtcNow;
        var next = await db.Meetings.Where(m => m.ClubId == milton && m.StartsAt > now).OrderBy(m => m.StartsAt).FirstAsync();
        var local = TimeZoneInfo.ConvertTime(next.StartsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        Assert.Equal((DayOfWeek.Wednesday, 12, 30), (local.DayOfWeek, local.Hour, local.Minute));
        Assert.InRange(local.Day, 8, 14); // the second Wednesday
    }

    [Fact]
    public async Task TheDemoHasAPublishedAppraisalPastItsReviewByDateThatAPracticeChangeRestsOnAndItsLibrariansAreTold()
    {
        Assert.Equal(0, await Commands.RunAsync(Api.Services, ["seed", "--seeds", RepoPaths.Seeds]));
        var today = AppraisalReview.Today(TimeProvider.System);
        await using var db = Db();
        var due = await db.Appraisals.Where(a => a.Status == AppraisalStatus.Published && a.ReviewBy != null && a.ReviewBy < today)
            .Select(a => new { a.Id, a.AuthorId, a.CheckedById }).ToListAsync();
        var resting = await db.Set<PracticeChange>().Where(c => c.AppraisalId != null && c.Status != ChangeStatus.Abandoned)
            .Select(c => new { c.Title, AppraisalId = c.AppraisalId!.Value }).ToListAsync();
        var drifting = Assert.Single(due, a => resting.Any(c => c.AppraisalId == a.Id));
        Assert.Contains(resting, c => c.AppraisalId == drifting.Id && c.Title.Contains("SGLT2"));

        // The Worker's job tells its librarians: the notice the demo shows in MailDev.
        await using var scope = Api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EvidenceDrift>().RunReviewAlertsAsync();
        var alerts = await db.Outbox.Where(e => e.Kind == "appraisal-review" && e.IdempotencyKey.StartsWith($"appraisal-review:{drifting.Id}:"))
            .Select(e => e.ToAddress).ToListAsync();
        Assert.Equal(["librarian2@example.org", "librarian@example.org"], alerts.Order(StringComparer.Ordinal));
    }
}

public sealed class SeedInProductionTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task SeedRefusesInProductionWithoutTheDemoFlagAndSaysWhy()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        int code;
        try
        {
            code = await Commands.RunAsync(new ProductionServices(Api.Services), ["seed", "--seeds", RepoPaths.Seeds]);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.NotEqual(0, code);
        Assert.Contains("seed --demo", error.ToString());
        Assert.DoesNotContain("Demo network", output.ToString()); // nothing was loaded
    }

    [Fact]
    public async Task SeedInProductionLoadsTheDemoWhenAskedExplicitly()
    {
        Assert.Equal(0, await Commands.RunAsync(new ProductionServices(Api.Services), ["seed", "--demo", "--seeds", RepoPaths.Seeds]));
        await using var db = Db();
        Assert.True(await db.Users.AnyAsync(u => u.Email == "admin@example.org"));
    }

    /// <summary>The Api's services, in an environment that says Production.</summary>
    private sealed class ProductionServices(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IHostEnvironment) || serviceType == typeof(IWebHostEnvironment)
            ? new ProductionEnvironment()
            : inner.GetService(serviceType);
    }

    private sealed class ProductionEnvironment : IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "Impacte.Api";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
    }
}
