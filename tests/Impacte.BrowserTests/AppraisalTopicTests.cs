using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// A GP reads another club's published topic: the evidence, not the other club's unanswered question (the demo network
/// has appraised questions in Bedford and Luton; answered ones are the network's and listed with their club).
/// </summary>
public sealed class AppraisalTopicTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task AGpReadsAnotherClubsTopicWithoutItsQuestion(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        await SignInAsync("gp@example.org"); // Milton Keynes only
        await Page.GotoAsync("/appraisals");
        var other = Page.GetByTestId("appraisals").Locator("li").Filter(new() { HasText = "Another club's question" }).First;
        await Assertions.Expect(other).ToContainTextAsync("Appraised topic: ");
        await Assertions.Expect(other).Not.ToContainTextAsync(new Regex("Bedford|Luton"));
        await ScreenshotAsync($"appraisals-list-{width}px");

        await other.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("question-title")).ToHaveTextAsync(new Regex("^Appraised topic: "));
        await Assertions.Expect(Page.GetByTestId("question-private")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("bottom-line")).Not.ToBeEmptyAsync();
        await Assertions.Expect(Page.GetByTestId("papers")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("main")).Not.ToContainTextAsync(new Regex("Bedford|Luton"));
        await ScreenshotAsync($"appraisal-other-club-{width}px");
        // The page fits the screen: a wide table scrolls in its own box rather than pushing the page sideways.
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width,
            $"the topic page is wider than a {width} px screen");
    }
}
