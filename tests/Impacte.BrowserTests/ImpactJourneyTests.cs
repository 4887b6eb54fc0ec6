using System.Text.RegularExpressions;
using Impacte.Domain.Changes;
using Impacte.Domain.Seeding;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>A club lead reads the club's impact and a change's report (the demo changes, seeded here), on a desktop and on a phone.</summary>
public sealed class ImpactJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    private async Task<(Guid Club, Guid Change)> SeedAsync()
    {
        using var scope = Site.Api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DemoNetwork>().LoadChangesAsync(DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds));
        await using var db = Site.Api.Database.CreateContext();
        var club = db.Clubs.Single(c => c.OdsCode == "K83901").Id;
        var change = db.Set<PracticeChange>().Single(c => c.Title.StartsWith("Offer an SGLT2 inhibitor")).Id;
        return (club, change);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task ALeadReadsTheClubsImpactAndAChangesReport(int width, int height)
    {
        var (club, _) = await SeedAsync();
        await Page.SetViewportSizeAsync(width, height);
        await SignInAsync("lead@example.org");

        await Page.GotoAsync($"/clubs/{club}");
        await Page.GetByTestId("impact-link").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("count-abandoned")).ToHaveTextAsync("1");
        await Assertions.Expect(Page.GetByTestId("improving")).ToContainTextAsync("SGLT2 inhibitor offered in T2DM with CKD");
        await Assertions.Expect(Page.GetByTestId("abandoned")).ToContainTextAsync("could not fund another");
        await ScreenshotAsync($"impact-club-{width}px");
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the impact page is wider than {width} px");

        await Page.GetByTestId("improving").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(Page.GetByTestId("report-title")).ToContainTextAsync("SGLT2");
        await Assertions.Expect(Page.GetByTestId("progress")).ToHaveTextAsync("4 of 5");
        await Assertions.Expect(Page.GetByTestId("bottom-line")).Not.ToBeEmptyAsync();
        await Assertions.Expect(Page.GetByTestId("decision")).ToContainTextAsync("Change practice");
        await Assertions.Expect(Page.GetByTestId("chart").Locator("svg[role=img]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("signals")).ToContainTextAsync(new Regex("Improvement: "));
        await Assertions.Expect(Page.GetByTestId("cycle")).ToHaveCountAsync(2);
        await Assertions.Expect(Page.GetByTestId("what-did-not-work")).ToContainTextAsync("sick-day");
        await ScreenshotAsync($"change-report-{width}px");
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the report is wider than {width} px");

        if (width > 1000)
        {
            // Prints on A4: the report as a PDF, kept beside the screenshots.
            var pdf = await Page.PdfAsync(new() { Format = "A4", Path = Path.Combine(RepoPaths.Root, ".run", "screenshots", "change-report-a4.pdf") });
            Assert.True(pdf.Length > 0);
        }
    }

    [Fact]
    public async Task AnotherClubsMemberSeesOnlyImplementedChangesOnTheNetworkPage()
    {
        await SeedAsync();
        await SignInAsync("gp.luton@example.org");
        await Page.GotoAsync("/impact");

        await Assertions.Expect(Page.GetByTestId("changes")).ToContainTextAsync("Offer an SGLT2 inhibitor");
        await Assertions.Expect(Page.GetByTestId("changes")).Not.ToContainTextAsync("knee osteoarthritis");
        await ScreenshotAsync("impact-network-1280px");
    }

    [Fact]
    public async Task TheImpactPagesAndReportHaveNoSeriousAccessibilityViolations()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");
        var (club, change) = await SeedAsync();
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "lead@example.org");

        var problems = new List<string>();
        foreach (var path in new[] { $"/clubs/{club}/impact", "/impact", $"/changes/{change}/report" })
        {
            await page.GotoAsync(path);
            problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"{path}: {p}"));
        }
        Assert.Empty(problems);
    }
}
