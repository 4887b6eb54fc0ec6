using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// A GP's and a lead's home at desktop and phone widths: my next meeting answered in one click, "Add to calendar", my
/// questions, the lead's tasks and the club's meetings with their state and archive; axe clean on every page passed.
/// </summary>
public sealed class HomeJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    private async Task<(Guid Next, Guid Past)> MeetingsAsync()
    {
        await using var db = Site.Api.Database.CreateContext();
        var club = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        var next = await db.Meetings.Where(m => m.ClubId == club && m.Location == "Home journey room").Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
        var past = await db.Meetings.Where(m => m.ClubId == club && m.Location == "Home journey past").Select(m => (Guid?)m.Id).FirstOrDefaultAsync();
        if (next is { } n && past is { } p) return (n, p);
        var start = DateTimeOffset.UtcNow.AddMinutes(20);
        var meeting = new Meeting { ClubId = club, StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = DateTimeOffset.UtcNow, Location = "Home journey room" };
        var held = new Meeting
        {
            ClubId = club, StartsAt = start.AddDays(-5), EndsAt = start.AddDays(-5).AddHours(1), CreatedAt = DateTimeOffset.UtcNow.AddDays(-30),
            Location = "Home journey past",
        };
        db.Meetings.AddRange(meeting, held);
        await db.SaveChangesAsync();
        return (meeting.Id, held.Id);
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task AGpAndALeadFindTheirThingsFirstOnTheirHome(int width, int height)
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        var audit = !string.IsNullOrEmpty(axe) && File.Exists(axe);
        var (next, past) = await MeetingsAsync();
        var problems = new List<string>();

        // axe is injected as an inline script, which our CSP rightly forbids: these contexts alone bypass it.
        await using var gpContext = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true, AcceptDownloads = true });
        gpContext.SetDefaultTimeout(30_000);
        var gp = await gpContext.NewPageAsync();
        await gp.SetViewportSizeAsync(width, height);
        await SignInOnAsync(gp, "gp@example.org");
        await gp.GotoAsync("/");
        var meeting = gp.GetByTestId("home-meeting").Filter(new() { HasText = "Home journey room" });
        await Assertions.Expect(meeting).ToBeVisibleAsync();
        await meeting.GetByRole(AriaRole.Button, new() { Name = "Maybe" }).ClickAsync();
        await Assertions.Expect(gp.GetByTestId("message")).ToContainTextAsync("your answer is maybe");
        await Assertions.Expect(gp.GetByTestId("home-meeting").Filter(new() { HasText = "Home journey room" }).GetByTestId("home-my-rsvp")).ToContainTextAsync("maybe");
        var download = await gp.RunAndWaitForDownloadAsync(() =>
            gp.GetByTestId("home-meeting").Filter(new() { HasText = "Home journey room" }).GetByTestId("home-add-to-calendar").ClickAsync());
        Assert.EndsWith(".ics", download.SuggestedFilename);
        await Assertions.Expect(gp.GetByTestId("my-questions")).ToBeVisibleAsync();
        if (audit) problems.AddRange((await AccessibilityTests.AuditAsync(gp, axe!)).Select(p => $"gp /: {p}"));
        await gp.ScreenshotAsync(new() { Path = Shot($"home-gp-{width}"), FullPage = true });

        await gp.GotoAsync("/me/questions");
        await Assertions.Expect(gp.GetByRole(AriaRole.Heading, new() { Name = "My questions" })).ToBeVisibleAsync();
        if (audit) problems.AddRange((await AccessibilityTests.AuditAsync(gp, axe!)).Select(p => $"gp /me/questions: {p}"));
        await gp.ScreenshotAsync(new() { Path = Shot($"my-questions-{width}"), FullPage = true });

        await using var leadContext = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        leadContext.SetDefaultTimeout(30_000);
        var lead = await leadContext.NewPageAsync();
        await lead.SetViewportSizeAsync(width, height);
        await SignInOnAsync(lead, "lead@example.org");
        await lead.GotoAsync("/");
        var tasks = lead.GetByTestId("tasks-lead");
        await Assertions.Expect(tasks.Locator($"a[href='/meetings/{next}']")).ToContainTextAsync("Set the agenda");
        await Assertions.Expect(tasks.Locator($"a[href='/meetings/{past}']")).ToContainTextAsync("Write the minutes");
        if (audit) problems.AddRange((await AccessibilityTests.AuditAsync(lead, axe!)).Select(p => $"lead /: {p}"));
        await lead.ScreenshotAsync(new() { Path = Shot($"home-lead-{width}"), FullPage = true });

        // The header names every area a lead may use (on a phone, some fold into "More").
        Assert.Equal(1, await lead.Locator("header [data-testid='nav-my-questions']").CountAsync());
        Assert.Equal(0, await lead.Locator("header [data-testid='nav-ops']").CountAsync());

        await using var db = Site.Api.Database.CreateContext();
        var club = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        await lead.GotoAsync($"/clubs/{club}/meetings");
        await Assertions.Expect(lead.GetByTestId("meeting-row").Filter(new() { HasText = "Home journey room" }).GetByTestId("rsvp-state")).ToContainTextAsync("1 maybe");
        await Assertions.Expect(lead.GetByTestId("past-meeting").First).ToBeVisibleAsync();
        if (audit) problems.AddRange((await AccessibilityTests.AuditAsync(lead, axe!)).Select(p => $"lead meetings: {p}"));
        await lead.ScreenshotAsync(new() { Path = Shot($"club-meetings-{width}"), FullPage = true });

        Assert.Empty(problems);
    }

    [Fact]
    public async Task AnAdminSeesOperationsInTheHeaderAndPeopleInUkTime()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "admin@example.org");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("header [data-testid='nav-ops']")).ToHaveCountAsync(1);
        await page.GotoAsync("/admin/people?search=whitfield");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dr James Whitfield" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("memberships")).ToContainTextAsync("member since");
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(axe) && File.Exists(axe)) problems.AddRange(await AccessibilityTests.AuditAsync(page, axe));
        await page.ScreenshotAsync(new() { Path = Shot("admin-person-1280"), FullPage = true });
        Assert.Empty(problems);
    }

    private static string Shot(string name)
    {
        var folder = Path.Combine(Impacte.Testing.RepoPaths.Root, ".run", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

}
