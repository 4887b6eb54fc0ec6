using System.Text.RegularExpressions;
using Impacte.Domain;
using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Measures;
using Impacte.Testing;
using Impacte.Worker;
using Impacte.Worker.Chasers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// The loop the Worker closes: a re-audit's figures are overdue, the chaser goes out, the owner follows its link,
/// signs in, enters the numbers, and the change's chart shows them; the chase is then over.
/// </summary>
public sealed class ChaserJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task TheOwnerFollowsTheChasersLinkEntersTheFiguresAndTheChangesChartShowsTheNewPoint()
    {
        // A unique owner, so this test's inbox is its own in the shared MailDev.
        var owner = $"owner.{Guid.NewGuid():N}@example.org";
        var ownerId = await MemberAsync(owner, "Dr Imani Okafor");
        // Simulated time in the past (the running Worker sends an outbox row once its time has come): a working
        // morning, the re-audit due eight days before, so the "overdue" step is due and the escalation is not.
        var now = WorkingMorningBefore(DateTimeOffset.UtcNow.AddDays(-1));
        var dueOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-8);
        var (changeId, measureId, period) = await ImplementedChangeWithOverdueReauditAsync(ownerId, dueOn);

        var clock = new FakeTimeProvider(now);
        using var chasers = WorkerHost.Build([
            $"--ConnectionStrings:Impacte={Site.Api.Database.ConnectionString}",
            $"--Email:PublicBaseUrl={Site.BaseUrl}",
            "--Logging:LogLevel:Default=Warning",
        ], s => s.AddSingleton<TimeProvider>(clock));
        Assert.Equal(1, await ChaseAsync(chasers));

        var email = Assert.Single(await MailDev.Local.WaitForAsync(owner));
        Assert.Equal($"Overdue: AF patients anticoagulated, {period} figures", email.Subject);
        var link = LinkIn(email, Site.BaseUrl + "/measures/");
        Assert.StartsWith($"{Site.BaseUrl}/measures/{measureId}/points/{period}?for={ownerId}&sig=", link);

        // Not signed in: the link asks for that first, then lands on the form itself.
        await Page.GotoAsync(link);
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await Page.GetByLabel("Email address").FillAsync(owner);
        await Page.GetByLabel("Password").FillAsync(ApiFactory.Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($"/measures/{measureId}/points/{period}"), new() { Timeout = 90_000 });
        await Assertions.Expect(Page.GetByTestId("period")).ToHaveTextAsync(period);

        await Page.GetByLabel("Numerator").FillAsync("83");
        await Page.GetByLabel("Denominator").FillAsync("97");
        await ScreenshotAsync("chaser-point-form-desktop");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("chaser-point-form-390");
        await Page.GetByTestId("save-point").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync($"Entered {period}: 83 of 97.");

        // The change's page: the new point is in the chart's data table and its description.
        await Page.GotoAsync($"/changes/{changeId}");
        var measure = Page.GetByTestId("change-measures").GetByTestId("measure");
        await Assertions.Expect(measure.Locator("svg title")).ToHaveCountAsync(1);
        await Assertions.Expect(measure.GetByTestId("chart-description")).ToContainTextAsync($"Latest value 85.6% in {period}");
        var row = measure.GetByTestId("data-table").Locator($"tr[data-period='{period}']");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("85.6%");
        // The chase is in the history, as the Worker's (not "a former member"'s).
        var chased = Page.Locator("tr", new() { HasText = $"Overdue reminder sent to Dr Imani Okafor: the {period} figures" });
        await Assertions.Expect(chased).ToContainTextAsync("IMPACTE (automatic reminder)");
        // On a phone the chart keeps its width and scrolls: it opens at its latest end, where the new point is.
        Assert.True(await measure.Locator(".impacte-chart__svg").EvaluateAsync<bool>(
            "box => box.querySelector('svg').getBoundingClientRect().right <= box.getBoundingClientRect().right + 1"),
            "At 390 px the chart opens scrolled to its start, with the new point out of sight.");
        await measure.Locator("summary", new() { HasText = "Data table" }).ClickAsync();
        await Assertions.Expect(row).ToBeVisibleAsync();
        await ScreenshotAsync("chaser-change-390");
        await Page.SetViewportSizeAsync(1280, 800);
        await ScreenshotAsync("chaser-change-desktop");

        // The chase is over: the same run again, and a week later (when the lead would be told), send nothing.
        Assert.Equal(0, await ChaseAsync(chasers));
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(0, await ChaseAsync(chasers));
        await SettledAsync(changeId);
        Assert.Single(await MailDev.Local.ForAsync(owner));
        await using var db = Site.Api.Database.CreateContext();
        var chases = await db.Outbox.Where(e => e.IdempotencyKey.StartsWith($"chase:{changeId}:")).ToListAsync();
        Assert.Equal(OutboxStatus.Sent, Assert.Single(chases).Status);
        Assert.Equal(1, await db.Set<PracticeChangeEvent>().CountAsync(e => e.ChangeId == changeId && e.Kind == ChangeEventKind.Chased));
    }

    private static async Task<int> ChaseAsync(IHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ChangeChasers>().RunAsync(CancellationToken.None);
    }

    /// <summary>Waits until no email of the change's chasers is waiting in the outbox.</summary>
    private async Task SettledAsync(Guid changeId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = Site.Api.Database.CreateContext();
            if (!await db.Outbox.AnyAsync(e => e.IdempotencyKey.StartsWith($"chase:{changeId}:") && e.Status == OutboxStatus.Pending)) return;
            Assert.True(DateTime.UtcNow < deadline, "The chasers' outbox did not settle.");
            await Task.Delay(250);
        }
    }

    /// <summary>11:00 UTC on the last Tuesday to Thursday on or before <paramref name="before"/>: inside London's working hours.</summary>
    private static DateTimeOffset WorkingMorningBefore(DateTimeOffset before)
    {
        var day = before.UtcDateTime.Date;
        while (day.DayOfWeek is not (DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday)) day = day.AddDays(-1);
        return new DateTimeOffset(day.AddHours(11), TimeSpan.Zero);
    }

    /// <summary>A new member of the Milton Keynes club, with the demo password.</summary>
    private async Task<Guid> MemberAsync(string email, string name)
    {
        using var scope = Site.Api.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = name, Profession = "GP", CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, ApiFactory.Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        await using var db = Site.Api.Database.CreateContext();
        var clubId = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        db.Memberships.Add(new ClubMembership { ClubId = clubId, UserId = user.Id, JoinedAt = DateTimeOffset.UtcNow, Role = ClubRole.Member });
        await db.SaveChangesAsync();
        return user.Id;
    }

    /// <summary>
    /// A change owned by <paramref name="ownerId"/> with a proportion measure (added, and its six-month baseline
    /// entered, as the owner would), implemented three months before <paramref name="dueOn"/>: its default first
    /// re-audit is due then, reading the month before, and nobody has entered that month.
    /// </summary>
    private async Task<(Guid Change, Guid Measure, string Period)> ImplementedChangeWithOverdueReauditAsync(Guid ownerId, DateOnly dueOn)
    {
        var now = DateTimeOffset.UtcNow;
        var change = new PracticeChange
        {
            OwnerId = ownerId, Title = "Anticoagulation for AF", Description = "Adults with AF offered an anticoagulant.",
            DueOn = dueOn.AddMonths(-3), CreatedAt = now, UpdatedAt = now,
        };
        await using (var db = Site.Api.Database.CreateContext())
        {
            change.ClubId = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
            db.Add(change);
            await db.SaveChangesAsync();
        }

        using var scope = Site.Api.Services.CreateScope();
        var measures = scope.ServiceProvider.GetRequiredService<ChangeMeasures>();
        var actor = await Actor.LoadAsync(scope.ServiceProvider.GetRequiredService<ImpacteDbContext>(), ownerId, false, false);
        var measure = await measures.CreateAsync(change.Id, new MeasureInput(
            "AF patients anticoagulated", "patients with AF and CHA2DS2-VASc 2 or more on an anticoagulant",
            "patients with AF and CHA2DS2-VASc 2 or more", 90, "EMIS search AF-ANTICOAG"), actor);
        var reaudit = MeasurePeriod.Containing(MeasurePeriodKind.Month, dueOn).Previous;
        var month = reaudit.Previous.Previous.Previous; // before the implementation
        var baseline = new List<MeasurePeriod>();
        for (var i = 0; i < 6; i++, month = month.Previous) baseline.Insert(0, month);
        foreach (var (p, numerator) in baseline.Zip(new[] { 60m, 62, 58, 61, 59, 60 }))
            await measures.SavePointAsync(measure.Id, p.Label, new PointInput(numerator, 100, null), actor);

        // Implemented back then: as the transition does, which dates the default re-audits from that day.
        await using (var db = Site.Api.Database.CreateContext())
        {
            var implemented = await db.Set<PracticeChange>().Include(c => c.Club).SingleAsync(c => c.Id == change.Id);
            var implementedAt = new DateTimeOffset(dueOn.AddMonths(-3).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            (implemented.Status, implemented.ImplementedAt) = (ChangeStatus.Implemented, implementedAt);
            await ChangeMeasures.OnImplementedAsync(db, implemented, implementedAt, CancellationToken.None);
            await db.SaveChangesAsync();
            var first = await db.Set<MeasureAudit>().Where(a => a.MeasureId == measure.Id && a.Kind == AuditKind.ReAudit).OrderBy(a => a.DueOn).FirstAsync();
            Assert.Equal((dueOn, reaudit.Label), (first.DueOn!.Value, first.Period));
        }
        return (change.Id, measure.Id, reaudit.Label);
    }
}
