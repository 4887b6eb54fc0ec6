using Impacte.Domain.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class MeasureJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task TheOwnerAddsAMeasureEntersNumbersAndTheChartShowsTheNewPoint()
    {
        var changeId = await AgreedChangeAsync("gp@example.org", "Anticoagulation for AF");
        await SignInAsync("gp@example.org");
        await Page.GotoAsync($"/changes/{changeId}/measures");
        await Page.GetByTestId("add-measure").ClickAsync();

        await Page.GetByLabel("Name").FillAsync("AF patients anticoagulated");
        await Page.GetByLabel("What is counted (numerator)").FillAsync("patients with AF and CHA2DS2-VASc 2 or more on an anticoagulant");
        await Page.GetByLabel("Out of whom (denominator, optional)").FillAsync("patients with AF and CHA2DS2-VASc 2 or more");
        await Page.GetByLabel("Standard, in percent (optional)").FillAsync("90");
        await Page.GetByLabel("Data source (optional)").FillAsync("EMIS search AF-ANTICOAG");
        await Page.GetByTestId("add-measure-submit").ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("AF patients anticoagulated");

        var months = new[] { ("2025-01", 60), ("2025-02", 62), ("2025-03", 58), ("2025-04", 61), ("2025-05", 59), ("2025-06", 60), ("2025-07", 88) };
        foreach (var (period, numerator) in months)
        {
            await Page.GetByLabel("Period", new() { Exact = true }).FillAsync(period);
            await Page.GetByTestId("enter-period").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("period")).ToHaveTextAsync(period);
            await Page.GetByLabel("Numerator").FillAsync(numerator.ToString());
            await Page.GetByLabel("Denominator").FillAsync("100");
            await Page.GetByTestId("save-point").ClickAsync();
            await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync($"Entered {period}: {numerator} of 100.");
        }

        await Assertions.Expect(Page.GetByTestId("data-table").Locator("tr[data-period='2025-07']")).ToContainTextAsync("88%");
        await Assertions.Expect(Page.GetByTestId("chart-description")).ToContainTextAsync("Latest value 88% in 2025-07");
        await Assertions.Expect(Page.GetByTestId("baselines")).ToContainTextAsync("Frozen through 2025-06");
        await ScreenshotAsync("measure-details-desktop");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("measure-details-390");

        // The change's measures (what the change page shows through the view component) carry the new point too.
        await Page.GotoAsync($"/changes/{changeId}/measures");
        await Assertions.Expect(Page.GetByTestId("measure").Locator("svg title")).ToHaveCountAsync(1);
        await Page.GetByTestId("measure").Locator("summary").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("measure").Locator("tr[data-period='2025-07']")).ToContainTextAsync("88%");
        await ScreenshotAsync("change-measures-390");
    }

    /// <summary>An agreed Milton Keynes change owned by <paramref name="owner"/>: the starting point, written straight in.</summary>
    private async Task<Guid> AgreedChangeAsync(string owner, string title)
    {
        await using var db = Site.Api.Database.CreateContext();
        var ownerId = await db.Users.Where(u => u.Email == owner).Select(u => u.Id).SingleAsync();
        var clubId = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        var change = new PracticeChange
        {
            ClubId = clubId, OwnerId = ownerId, Title = title, Description = "Adults with AF offered an anticoagulant.",
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)), CreatedAt = now, UpdatedAt = now,
        };
        db.Add(change);
        await db.SaveChangesAsync();
        return change.Id;
    }
}
