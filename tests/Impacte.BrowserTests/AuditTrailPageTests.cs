using System.Text.RegularExpressions;
using Impacte.Domain.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>/admin/audit as a network admin reads it: filtered by person and date, in UK time, on a desk and on a phone.</summary>
public sealed class AuditTrailPageTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    /// <summary>A summer's day: 11:30 UTC is 12:30 in the UK (BST).</summary>
    private static readonly DateTimeOffset Summer = new(2026, 7, 1, 11, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnAdminFiltersTheTrailByPersonAndDateAndReadsTimesInUkTimeOnADeskAndOnAPhone()
    {
        const string person = "pharmacist.mk@example.org";
        await using (var db = Site.Api.Database.CreateContext())
        {
            var adminId = await db.Users.Where(u => u.Email == "admin@example.org").Select(u => u.Id).SingleAsync();
            var personId = await db.Users.Where(u => u.Email == person).Select(u => u.Id).SingleAsync();
            // An act on a summer's day (BST), and one on a winter's day that the dates leave out.
            AuditTrail.Record(db, Summer, adminId, "person.role-granted", "person", personId, null, "librarian", "198.51.100.23");
            AuditTrail.Record(db, new(2026, 1, 15, 9, 0, 0, TimeSpan.Zero), adminId, "person.deactivated", "person", personId, "active", "deactivated", "198.51.100.23");
            // And a club's settings changed today, the longest "before → after" the trail shows, for the unfiltered page.
            var club = await db.Clubs.FirstAsync();
            AuditTrail.Record(db, DateTimeOffset.UtcNow, adminId, "club.settings-changed", "club", club.Id,
                $"name: {club.Name}; ODS code: {club.OdsCode}; time zone: Europe/London",
                $"name: {club.Name} and Surrounding Villages Primary Care Network; ODS code: {club.OdsCode}; time zone: Europe/London",
                "2001:db8:85a3::8a2e:370:7334");
            await db.SaveChangesAsync();
        }

        await SignInAsync("admin@example.org");
        await Page.GotoAsync("/admin/audit");
        await Page.GetByLabel("Person (email address)").FillAsync(person);
        await Page.GetByLabel("From (date)").FillAsync("2026-06-30");
        await Page.GetByLabel("To (date)").FillAsync("2026-07-02");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        // The form's GET names its fields as the page binds them (From, To).
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("from=2026-06-30", RegexOptions.IgnoreCase));

        var row = Page.GetByTestId("audit-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("1 Jul 2026, 12:30 BST");
        await Assertions.Expect(row).ToContainTextAsync("Role granted");
        await Assertions.Expect(row).ToContainTextAsync("Alex Morgan");
        await Assertions.Expect(Page.GetByTestId("audit-total")).ToContainTextAsync("1 event");
        await ScreenshotAsync("audit-trail");

        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("audit-trail-390");
        // On a phone each row is a card of labelled lines, not a table wider than the screen.
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 390 px");
        var when = row.Locator("td").First;
        await Assertions.Expect(when.Locator(".nhsuk-table-responsive__heading")).ToBeVisibleAsync();
        await Page.GotoAsync("/admin/audit");
        await ScreenshotAsync("audit-trail-all-390");
        await Page.SetViewportSizeAsync(1280, 800);
        await ScreenshotAsync("audit-trail-all");

        await AssertAccessibleAsync(person);
    }

    private async Task AssertAccessibleAsync(string person)
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");
        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "admin@example.org");

        var problems = new List<string>();
        foreach (var (width, height) in new[] { (1280, 800), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var path in new[] { "/admin/audit", $"/admin/audit?person={Uri.EscapeDataString(person)}&from=2026-06-30&to=2026-07-02" })
            {
                await page.GotoAsync(path);
                problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"{path} at {width}px: {p}"));
            }
        }
        Assert.Empty(problems);
    }
}
