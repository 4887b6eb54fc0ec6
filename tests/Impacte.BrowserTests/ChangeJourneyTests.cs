using System.Text.RegularExpressions;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// A lead turns a meeting's "change practice" outcome into a practice change and sees it through the workflow with a
/// PDSA cycle; another change is stopped with its reason. Screenshots at desktop and phone widths; axe on every page.
/// </summary>
public sealed class ChangeJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    private const string Owner = "Dr James Whitfield"; // gp@example.org, a Milton Keynes member

    private static string InMonths(int months) => DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(months)).ToString("yyyy-MM-dd");

    /// <summary>Yesterday's Milton Keynes meeting with a question that has a published appraisal on its agenda.</summary>
    private async Task<(Guid MeetingId, string Question)> MeetingAsync()
    {
        await using var db = Site.Api.Database.CreateContext();
        var clubId = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        var used = await db.AgendaItems.Select(a => a.QuestionId).ToListAsync();
        var question = await db.Questions.Where(q => q.ClubId == clubId && !used.Contains(q.Id)).OrderBy(q => q.CreatedAt).FirstAsync();
        var librarian = await db.Users.Where(u => u.Email == "librarian@example.org").Select(u => u.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow;
        db.Appraisals.Add(new Appraisal
        {
            QuestionId = question.Id, Status = AppraisalStatus.Published, AuthorId = librarian,
            BottomLine = "Offer anticoagulation: strokes fall by two thirds.", CreatedAt = now, UpdatedAt = now, PublishedAt = now,
        });
        var meeting = new Meeting { ClubId = clubId, StartsAt = now.AddDays(-1), EndsAt = now.AddDays(-1).AddHours(1), CreatedAt = now.AddDays(-10) };
        db.Meetings.Add(meeting);
        db.AgendaItems.Add(new AgendaItem { MeetingId = meeting.Id, Position = 0, QuestionId = question.Id });
        await db.SaveChangesAsync();
        return (meeting.Id, question.Title);
    }

    private async Task FitsAsync(int width) =>
        Assert.True(await Page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width, $"{Page.Url} is wider than a {width} px screen");

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task ALeadOpensAChangeFromTheMinutesAndTheOwnerSeesItThroughWithAPdsaCycle(int width, int height)
    {
        await Page.SetViewportSizeAsync(width, height);
        var (meetingId, question) = await MeetingAsync();
        await SignInAsync("lead@example.org");
        await Page.GotoAsync($"/meetings/{meetingId}");
        await Page.GetByLabel(new Regex("^Decision on")).FillAsync("Change practice: review everyone with AF who is not anticoagulated.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save minutes" }).ClickAsync();
        await Page.GetByTestId("open-change").ClickAsync();

        await Assertions.Expect(Page.GetByLabel("What will change, in a line")).ToHaveValueAsync(question);
        await Assertions.Expect(Page.GetByTestId("from")).ToContainTextAsync("strokes fall by two thirds");
        await Page.GetByLabel("What will change, and for whom").FillAsync("Adults with AF and a CHA2DS2-VASc score of 2 or more, not on an anticoagulant.");
        await Page.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = Owner });
        await Page.GetByLabel("Dr Sarah Okafor").CheckAsync();
        await Page.GetByLabel("Due date").FillAsync(InMonths(3));
        await ScreenshotAsync($"change-create-{width}px");
        await FitsAsync(width);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Agree the change" }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Agreed");
        await Assertions.Expect(Page.GetByTestId("from-meeting")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start the change" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("In progress");

        await Page.GetByTestId("add-pdsa").ClickAsync();
        await Page.GetByLabel("What will you test?").FillAsync("The pharmacist runs the AF search on Tuesdays and books reviews.");
        await Page.GetByLabel("Who will do it? (optional)").FillAsync("Practice pharmacist");
        await Page.GetByLabel("What do you predict will happen?").FillAsync("Half of those eligible are offered a review within a month.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Plan the cycle" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("pdsa-cycle")).ToContainTextAsync("Cycle 1: The pharmacist runs the AF search");

        await Page.GetByTestId("move-implemented").ClickAsync();
        await Page.GetByLabel("What did not work, and the challenges you met").FillAsync("The search missed people coded before 2015.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Mark as implemented" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Implemented");
        await Assertions.Expect(Page.GetByTestId("learning")).ToContainTextAsync("coded before 2015");
        await Page.GetByTestId("move-sustained").ClickAsync();
        await Page.GetByLabel("How did taking part make a difference?").FillAsync("We now audit every quarter.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Mark as sustained" }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Sustained");
        await Assertions.Expect(Page.GetByTestId("history")).ToContainTextAsync("Moved it from implemented to sustained");
        await Assertions.Expect(Page.GetByTestId("moves")).ToHaveCountAsync(0);
        await ScreenshotAsync($"change-sustained-{width}px");
        await FitsAsync(width);

        await Page.GotoAsync($"/meetings/{meetingId}");
        await Assertions.Expect(Page.GetByTestId("change-opened")).ToHaveTextAsync(question);
    }

    [Fact]
    public async Task ALeadStopsAStalledChangeWithItsReasonShownWithoutBlame()
    {
        await SignInAsync("lead@example.org");
        await NavigateAsync("nav-changes");
        await Page.GetByTestId("new-change").First.ClickAsync();
        await Page.GetByLabel("What will change, in a line").FillAsync("Recall patients on long-term PPIs for a step-down");
        await Page.GetByLabel("What will change, and for whom").FillAsync("Adults on a PPI for over a year without a clear reason.");
        await Page.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = Owner });
        await Page.GetByLabel("Due date").FillAsync(InMonths(2));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Agree the change" }).ClickAsync();

        await Page.GetByTestId("move-abandoned").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Stop the change" }).ClickAsync();
        await Assertions.Expect(Page.Locator(".nhsuk-error-summary")).ToContainTextAsync("Say why the change is being stopped");
        await Page.GetByLabel("Why is the change being stopped?").FillAsync("Our only pharmacist left; we will try again next year.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Stop the change" }).ClickAsync();

        await Assertions.Expect(Page.GetByTestId("status")).ToHaveTextAsync("Abandoned");
        await Assertions.Expect(Page.GetByTestId("abandon-reason")).ToHaveTextAsync("Our only pharmacist left; we will try again next year.");
        await Assertions.Expect(Page.GetByTestId("status")).ToHaveClassAsync(new Regex("nhsuk-tag--grey"));
        await ScreenshotAsync("change-abandoned");

        await Page.GotoAsync("/changes?status=abandoned");
        await Assertions.Expect(Page.GetByTestId("results")).ToContainTextAsync("Recall patients on long-term PPIs");
        await ScreenshotAsync("changes-list");
    }

    [Fact]
    public async Task TheChangePagesHaveNoSeriousAccessibilityViolations()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");
        var (meetingId, _) = await MeetingAsync();

        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, "lead@example.org");

        await using var db = Site.Api.Database.CreateContext();
        var club = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        await page.GotoAsync($"/clubs/{club}/changes/new");
        await page.GetByLabel("What will change, in a line").FillAsync("Audit the change pages");
        await page.GetByLabel("What will change, and for whom").FillAsync("Everyone using a screen reader.");
        await page.GetByLabel("Due date").FillAsync(InMonths(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Agree the change" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the change" }).ClickAsync();
        var change = new Uri(page.Url).AbsolutePath;
        await page.GotoAsync($"{change}/pdsa/new");
        await page.GetByLabel("What will you test?").FillAsync("A small test");
        await page.GetByLabel("What do you predict will happen?").FillAsync("It works");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan the cycle" }).ClickAsync();
        var cycle = await page.GetByTestId("edit-pdsa").First.GetAttributeAsync("href");

        var problems = new List<string>();
        foreach (var path in new[]
                 {
                     "/changes", $"/clubs/{club}/changes", change, $"/clubs/{club}/changes/new", $"{change}/edit", $"{change}/move/abandoned",
                     $"{change}/move/implemented", $"{change}/pdsa/new", cycle!, $"/meetings/{meetingId}",
                 })
        {
            await page.GotoAsync(path);
            problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"{path}: {p}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
