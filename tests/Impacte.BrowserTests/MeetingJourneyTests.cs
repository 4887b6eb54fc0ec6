using Microsoft.Playwright;

namespace Impacte.BrowserTests;

public sealed class MeetingJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Fact]
    public async Task ALeadSetsTheCadenceAndBuildsAnAgendaAndAGpRsvpsFromThePage()
    {
        const string question = "structured lifestyle programme"; // the demo club's appraised question
        await SignInAsync("lead@example.org");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Willen Park Medical Centre (Milton Keynes)", Exact = true }).ClickAsync();
        await Page.GetByTestId("meetings-link").ClickAsync();

        await Page.GetByLabel("How often").SelectOptionAsync("monthly");
        await Page.GetByLabel("Which week of the month").SelectOptionAsync(new SelectOptionValue { Label = "second" });
        await Page.GetByLabel("Day", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Wednesday" });
        await Page.GetByLabel("Start time").First.FillAsync("12:30");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save cadence" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("second Wednesday");
        await Assertions.Expect(Page.GetByTestId("cadence")).ToContainTextAsync("second Wednesday");
        await Assertions.Expect(Page.GetByTestId("meetings").Locator("li").First).ToContainTextAsync("Wed "); // the list's short UK date, "Wed 9 Dec 2026, 12:30"

        await Page.GetByTestId("meetings").Locator("a").First.ClickAsync();
        var meetingUrl = Page.Url;
        await Page.GetByLabel("Question", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await Page.GetByLabel("Presenter").SelectOptionAsync(new SelectOptionValue { Label = "Dr Sarah Okafor" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("agenda")).ToContainTextAsync(question, new() { IgnoreCase = true });
        await Assertions.Expect(Page.GetByTestId("agenda")).ToContainTextAsync("Presented by Dr Sarah Okafor");
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

    [Fact]
    public async Task MovingAMeetingWhosePackWentOutSendsEveryMemberTheUpdate()
    {
        var started = DateTimeOffset.UtcNow;
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var inThreeDays = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(started, london).Date.AddDays(3));
        await SignInAsync("lead.luton@example.org");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Marsh Farm Health Centre (Luton)", Exact = true }).ClickAsync();
        await Page.GetByTestId("meetings-link").ClickAsync();

        // A one-off meeting inside the lead time gets its reading pack at once.
        var form = Page.GetByTestId("oneoff-form");
        await form.GetByLabel("Date").FillAsync(inThreeDays.ToString("yyyy-MM-dd"));
        await form.GetByLabel("Start time").FillAsync("13:00");
        await form.GetByLabel("Length in minutes").FillAsync("60");
        await form.GetByLabel("Location").FillAsync("Library, first floor");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("13:00");
        var pack = Assert.Single(await Impacte.Testing.MailDev.Local.WaitForAsync("nurse.luton@example.org", since: started));
        Assert.StartsWith("Reading pack", pack.Subject);

        var move = Page.GetByTestId("details-form");
        await move.GetByLabel("Date", new() { Exact = true }).FillAsync(inThreeDays.AddDays(1).ToString("yyyy-MM-dd"));
        await move.GetByLabel("Start time").FillAsync("08:00");
        await move.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("08:00");
        await ScreenshotAsync("meeting-moved");

        var emails = await Impacte.Testing.MailDev.Local.WaitForAsync("nurse.luton@example.org", count: 2, since: started);
        var update = emails.Single(e => e.Id != pack.Id);
        Assert.Contains("08:00", update.Subject);
        Assert.NotEqual(pack.MessageId, update.MessageId);
    }
}
