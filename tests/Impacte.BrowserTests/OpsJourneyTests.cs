using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class OpsJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task AnAdminRunsAJobNowAndTriggersAnotherFromTheJobsDashboard()
    {
        await SignInAsync("admin@example.org");
        await Page.GotoAsync("/ops");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Run now reading-packs" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("reading-packs will run now");
        await ScreenshotAsync("ops");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("ops-390");
        await Page.SetViewportSizeAsync(1280, 800);

        // The Dashboard's own buttons post with the antiforgery token its page carries, under IMPACTE's CSP.
        await Page.GetByTestId("dashboard").ClickAsync();
        await Assertions.Expect(Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("IMPACTE jobs"));
        await Page.GotoAsync("/ops/hangfire/recurring");
        await Page.Locator("input.js-jobs-list-checkbox[value='meeting-changes']").CheckAsync();
        // The Dashboard reloads the page itself once the trigger succeeds: wait for that reload rather than navigating
        // over it (a navigation of our own races the page's and one of them is aborted).
        var reloaded = Page.WaitForResponseAsync(r => r.Request.IsNavigationRequest && r.Url.EndsWith("/ops/hangfire/recurring"));
        var trigger = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync(),
            r => r.Url.EndsWith("/ops/hangfire/recurring/trigger"));
        Assert.Equal(204, trigger.Status);
        Assert.Equal(200, (await reloaded).Status);
        await Page.WaitForLoadStateAsync(LoadState.Load);

        foreach (var job in new[] { "meeting-horizon", "reading-packs", "meeting-changes", "meeting-reminders" })
            await Assertions.Expect(Page.Locator("body")).ToContainTextAsync(job);
        await ScreenshotAsync("jobs-dashboard");
    }
}
