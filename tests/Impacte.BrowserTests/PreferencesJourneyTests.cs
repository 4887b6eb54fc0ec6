using System.Text.RegularExpressions;
using Impacte.Domain.Preferences;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>A member who left reading packs by the unsubscribe link finds them off on their preferences page and turns them back on.</summary>
public sealed class PreferencesJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    private const string Member = "anp.mk@example.org";

    [Fact]
    public async Task AMemberSeesAListTheyLeftAsOffAndTurnsItBackOnWithTheirDigestChoices()
    {
        string token;
        await using (var db = Site.Api.Database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == Member);
            token = UnsubscribeTokens.Create(user.Id, EmailList.ReadingPacks, user.UnsubscribeKey);
        }

        // The unsubscribe link, as someone not signed in opens it: a confirm button, then done.
        await Page.GotoAsync($"/unsubscribe/{token}");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("reading packs");
        await ScreenshotAsync("unsubscribe-confirm");
        await Page.GetByTestId("unsubscribe").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("no longer get reading packs");

        await SignInAsync(Member);
        await Page.GetByTestId("nav-preferences").ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/me/preferences$"));
        var packs = Page.GetByRole(AriaRole.Group, new() { Name = "Reading packs" });
        await Assertions.Expect(packs.GetByLabel("Off")).ToBeCheckedAsync();
        await ScreenshotAsync("preferences");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("preferences-390");
        await Page.SetViewportSizeAsync(1280, 800);

        await packs.GetByLabel("As they happen").CheckAsync();
        await Page.GetByRole(AriaRole.Group, new() { Name = "How often" }).GetByLabel("Monthly").CheckAsync();
        await Page.GetByLabel("Day").SelectOptionAsync("friday");
        await Page.GetByLabel("Respiratory").CheckAsync();
        await Page.GetByTestId("save-preferences").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("saved");
        await Assertions.Expect(packs.GetByLabel("As they happen")).ToBeCheckedAsync();
        await Assertions.Expect(Page.GetByLabel("Respiratory")).ToBeCheckedAsync();
        await using var check = Site.Api.Database.CreateContext();
        var userId = await check.Users.Where(u => u.Email == Member).Select(u => u.Id).SingleAsync();
        var saved = await check.Preferences.SingleAsync(p => p.UserId == userId);
        Assert.Equal((EmailDelivery.Immediately, DigestFrequency.Monthly, DayOfWeek.Friday), (saved.ReadingPacks, saved.DigestFrequency, saved.DigestDay));
    }
}
