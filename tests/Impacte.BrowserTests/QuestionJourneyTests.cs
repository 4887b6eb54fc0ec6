using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class QuestionJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task AGpJoinsASimilarQuestionThenProposesANewOneWhichTheLeadAccepts()
    {
        await SignInAsync("gp2.mk@example.org");
        await Page.GetByTestId("propose-question").ClickAsync();

        // Typing shows what the network already has, before anything is submitted.
        await Page.Locator("#Input_Intervention").FillAsync("statins");
        await Page.Locator("#Input_Population").FillAsync("people over 75");
        var statins = Page.GetByTestId("similar-item").Filter(new() { HasText = "over 75" }).First;
        await Assertions.Expect(statins).ToBeVisibleAsync();
        await ScreenshotAsync("propose-similar");
        await statins.GetByRole(AriaRole.Button, new() { Name = "I have this question too" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("You have added your voice");

        await Page.GotoAsync("/questions/new");
        await Page.Locator("#Input_Population").FillAsync("adults with gout");
        await Page.Locator("#Input_Intervention").FillAsync("allopurinol");
        await Page.Locator("#Input_Outcome").FillAsync("gout flares");
        await Assertions.Expect(Page.Locator("#sentence-preview [data-testid=sentence]")).ToContainTextAsync("allopurinol");
        await Page.GetByTestId("propose").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Proposed");
        var question = Page.Url;
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await SignInAsync("lead@example.org");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Willen Park Medical Centre (Milton Keynes)", Exact = true }).ClickAsync();
        await Page.GetByTestId("club-questions").ClickAsync();
        var row = Page.GetByTestId("priorities").Locator("tr").Filter(new() { HasText = "allopurinol" });
        await ScreenshotAsync("priorities-lead");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept") }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("priorities").Locator("tr").Filter(new() { HasText = "allopurinol" })).ToHaveCountAsync(0);

        await Page.GotoAsync(question);
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Accepted");
        await Assertions.Expect(Page.GetByTestId("history")).ToContainTextAsync("Dr Sarah Okafor");
    }

    [Fact]
    public async Task AGpWhoChecksTheirQuestionFirstThenProposesItFindsItCreated()
    {
        await SignInAsync("gp2.mk@example.org");
        await Page.GotoAsync("/questions/new");
        var tag = string.Concat(Guid.NewGuid().ToString("N")[..6].Select(c => (char)('a' + c % 26)));
        await Page.Locator("#Input_Population").FillAsync($"adults with plantar fasciitis {tag}");
        await Page.Locator("#Input_Intervention").FillAsync("shockwave therapy");
        await Page.Locator("#Input_Outcome").FillAsync("heel pain");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Check my question" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#sentence-preview [data-testid=sentence]")).ToContainTextAsync(tag);
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("handler=Check"));
        await Page.GetByTestId("propose").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Proposed");
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/questions/[0-9a-f-]{36}$"));
        await Assertions.Expect(Page.GetByTestId("sentence")).ToContainTextAsync(tag);
    }

    [Theory]
    [InlineData(390, 844)]
    [InlineData(768, 1024)]
    [InlineData(1280, 800)]
    public async Task TheSimilarQuestionsComeBeforeTheProposeButtonAtEveryWidth(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        await SignInAsync("gp2.mk@example.org");
        await Page.GotoAsync("/questions/new");
        await Page.Locator("#Input_Intervention").FillAsync("statins");
        await Page.Locator("#Input_Population").FillAsync("people over 75");
        await Assertions.Expect(Page.GetByTestId("similar-item").First).ToBeVisibleAsync();
        await ScreenshotAsync($"propose-similar-{width}px");

        var suggestions = (await Page.GetByTestId("similar").BoundingBoxAsync())!;
        var propose = (await Page.GetByTestId("propose").BoundingBoxAsync())!;
        Assert.True(suggestions.Y + suggestions.Height <= propose.Y,
            $"At {width}px the suggestions end at {suggestions.Y + suggestions.Height} but the Propose button starts at {propose.Y}.");
    }
}
