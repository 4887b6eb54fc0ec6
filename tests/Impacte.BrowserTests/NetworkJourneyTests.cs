using System.Text.RegularExpressions;
using Impacte.Domain.Seeding;
using Impacte.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>A member of another practice finds who is on what, a person's work and the learning library (the demo changes), on a desktop and on a phone.</summary>
public sealed class NetworkJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task AMemberFindsWhoIsOnWhatAndWhatOthersLearned(int width, int height)
    {
        using (var scope = Site.Api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<DemoNetwork>().LoadChangesAsync(DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds));
        await Page.SetViewportSizeAsync(width, height);
        await SignInAsync("gp.luton@example.org");

        await NavigateAsync("nav-network");
        await Assertions.Expect(Page.GetByTestId("network-change").First).ToBeVisibleAsync();
        await ScreenshotAsync($"network-{width}px");
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the network page is wider than {width} px");

        await Page.GetByTestId("network-q").FillAsync("SGLT2");
        await Page.GetByTestId("network-filter").ClickAsync();
        var line = Page.GetByTestId("network-change").Filter(new() { HasText = "Offer an SGLT2 inhibitor" });
        await Assertions.Expect(line.GetByTestId("progress")).ToContainTextAsync("Progress 4 of 5");
        await Assertions.Expect(line.GetByTestId("signal")).ToContainTextAsync(new Regex("Latest signal: .+Improvement"));
        await ScreenshotAsync($"network-search-{width}px");

        await line.Locator("a[href^='/network/people/']").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("person-work")).ToContainTextAsync("Offer an SGLT2 inhibitor");
        await ScreenshotAsync($"network-person-{width}px");
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the person page is wider than {width} px");

        await NavigateAsync("nav-library");
        await Page.GetByTestId("library-q").FillAsync("sick-day");
        await Page.GetByTestId("library-q").PressAsync("Enter");
        await Assertions.Expect(Page.GetByTestId("library-entry").First.GetByTestId("what-did-not-work")).ToContainTextAsync("sick-day");
        await ScreenshotAsync($"library-{width}px");
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"the library is wider than {width} px");
    }
}
