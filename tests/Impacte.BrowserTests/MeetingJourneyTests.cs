using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class MeetingJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task ALeadSetsTheCadenceAndBuildsAnAgendaAndAGpRsvpsFromThePage()
    {
        const string question = "structured lifestyle programme"; // the demo club's appraised question
        await SignInAsync("lead@example.org");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Willen Park Medical Centre (Milton Keynes)" }).ClickAsync();
        await Page.GetByTestId("meetings-link").ClickAsync();

        await Page.GetByLabel("How often").SelectOptionAsync("monthly");
        await Page.GetByLabel("Which week of the month").SelectOptionAsync(new SelectOptionValue { Label = "second" });
        await Page.GetByLabel("Day", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Wednesday" });
        await Page.GetByLabel("Start time").First.FillAsync("12:30");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save cadence" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("second Wednesday");
        await Assertions.Expect(Page.GetByTestId("cadence")).ToContainTextAsync("second Wednesday");
        await Assertions.Expect(Page.GetByTestId("meetings").Locator("li").First).ToContainTextAsync("Wednesday");

        await Page.GetByTestId("meetings").Locator("a").First.ClickAsync();
        var meetingUrl = Page.Url;
        await Page.GetByLabel("Question", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await Page.GetByLabel("Presenter").SelectOptionAsync(new SelectOptionValue { Label = "Dr Sarah Okafor" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("agenda")).ToContainTextAsync(question, new() { IgnoreCase = true });
        await Assertions.Expect(Page.GetByTestId("agenda")).ToContainTextAsync("presented by Dr Sarah Okafor");
        await Assertions.Expect(Page.GetByTestId("agenda")).ToContainTextAsync("scheduled");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await SignInAsync("gp@example.org");
        await Page.GotoAsync(meetingUrl);
        await Assertions.Expect(Page.GetByTestId("agenda")).ToContainTextAsync(question, new() { IgnoreCase = true });
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" })).ToHaveCountAsync(0);
        await Page.GetByTestId("rsvp-form").GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("my-rsvp")).ToContainTextAsync("yes");
        await Assertions.Expect(Page.GetByTestId("rsvp-counts")).ToContainTextAsync("1 yes");
    }
}
