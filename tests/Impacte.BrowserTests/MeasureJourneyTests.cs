using Impacte.Domain.Changes;
using Impacte.Domain.Measures;
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

    [Fact]
    public async Task OnAPhoneTheChangePagesDataTableStacksEachPeriodWithItsFiguresLabelledAndNothingScrollsSideways()
    {
        var changeId = await AgreedChangeAsync("gp@example.org", "Statins after a stroke");
        await using (var db = Site.Api.Database.CreateContext())
        {
            var now = DateTimeOffset.UtcNow;
            var measure = new Measure
            {
                ChangeId = changeId, Name = "Stroke patients on a statin", NumeratorDefinition = "on a high-intensity statin",
                DenominatorDefinition = "patients after an ischaemic stroke or TIA", StandardPercent = 90, CreatedAt = now, UpdatedAt = now,
            };
            db.Add(measure);
            measure.Baselines.Add(new MeasureBaseline { MeasureId = measure.Id, Points = 6, At = now });
            int[] numerators = [61, 63, 58, 60, 62, 59, 75, 81];
            for (var i = 0; i < numerators.Length; i++)
            {
                var period = MeasurePeriod.Containing(MeasurePeriodKind.Month, new DateOnly(2025, 1 + i, 1));
                db.Add(new Measurement
                {
                    MeasureId = measure.Id, Period = period.Label, Ordinal = period.Ordinal, Numerator = numerators[i], Denominator = 100,
                    EnteredAt = now, UpdatedAt = now,
                });
            }
            await db.SaveChangesAsync();
        }
        await SignInAsync("gp@example.org");
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync($"/changes/{changeId}");
        var measureCard = Page.GetByTestId("measure");
        await measureCard.Locator("summary").ClickAsync();
        var row = measureCard.Locator("tr[data-period='2025-08']");
        await Assertions.Expect(row).ToContainTextAsync("81%");

        // Each figure carries its own heading on a phone, and the table fits the screen: no sideways scrolling.
        await Assertions.Expect(row.Locator(".nhsuk-table-responsive__heading", new() { HasTextString = "Denominator" })).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator(".nhsuk-table-responsive__heading", new() { HasTextString = "Centre line" })).ToBeVisibleAsync();
        var table = await measureCard.GetByTestId("data-table").BoundingBoxAsync();
        Assert.NotNull(table);
        Assert.True(table.X >= 0 && table.X + table.Width <= 390, $"The table spans {table.X} to {table.X + table.Width} px of 390.");
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The page scrolls sideways at 390 px.");
        await row.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("change-page-data-table-390");

        // On a desktop the same table is a table again, headed once.
        await Page.SetViewportSizeAsync(1280, 900);
        await Assertions.Expect(measureCard.Locator("thead")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator(".nhsuk-table-responsive__heading").First).ToBeHiddenAsync();
        await ScreenshotAsync("change-page-data-table-desktop");
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
