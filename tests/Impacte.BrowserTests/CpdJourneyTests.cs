using System.Text.RegularExpressions;
using Impacte.Domain.Changes;
using Impacte.Domain.Meetings;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>An attendee reflects on a meeting from its page and finds it in their CPD log, ready for the appraisal.</summary>
public sealed class CpdJourneyTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    private const string Registrar = "registrar.mk@example.org";

    /// <summary>A 90-minute Milton Keynes meeting a month ago that <paramref name="email"/> attended, and a change they own.</summary>
    private async Task<Guid> AttendedMeetingAsync(string email)
    {
        await using var db = Site.Api.Database.CreateContext();
        var club = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        var me = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var question = await db.Questions.Where(q => q.ClubId == club).OrderBy(q => q.CreatedAt).Select(q => q.Id).FirstAsync();
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-30).AddHours(12.5), TimeSpan.Zero);
        var meeting = new Meeting { ClubId = club, StartsAt = start, EndsAt = start.AddMinutes(90), CreatedAt = start.AddDays(-30) };
        db.Meetings.Add(meeting);
        db.Attendance.Add(new MeetingAttendance { MeetingId = meeting.Id, UserId = me, RecordedAt = start.AddHours(2) });
        db.AgendaItems.Add(new AgendaItem { MeetingId = meeting.Id, QuestionId = question, Position = 0 });
        var agreed = start.AddHours(2);
        db.Add(new PracticeChange
        {
            ClubId = club, OwnerId = me, Title = "Review statins at frailty reviews", Description = "People over 75 with moderate or severe frailty.",
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), CreatedAt = agreed, UpdatedAt = agreed, Status = ChangeStatus.InProgress,
        });
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    [Fact]
    public async Task AnAttendeeWritesAReflectionAndSeesItInTheirCpdLog()
    {
        var meeting = await AttendedMeetingAsync(Registrar);
        await SignInAsync(Registrar);
        await Page.GotoAsync($"/meetings/{meeting}");
        await Page.GetByTestId("my-reflection").GetByRole(AriaRole.Link, new() { Name = "Write a short reflection" }).ClickAsync();

        await Page.GetByLabel("What I learned").FillAsync("In frail people over 75 the benefit of a statin is uncertain; the harms are not.");
        await Page.GetByLabel("What I will change").FillAsync("Discuss stopping statins at frailty reviews, and record the decision.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save reflection" }).ClickAsync();

        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/me/cpd$"));
        await Assertions.Expect(Page.GetByTestId("message")).ToContainTextAsync("reflection is saved");
        await Assertions.Expect(Page.GetByTestId("reflection")).ToContainTextAsync("the harms are not");
        await Assertions.Expect(Page.GetByTestId("total-hours")).ToContainTextAsync("1.5 hours");
        await Assertions.Expect(Page.GetByTestId("improvement")).ToContainTextAsync("Review statins at frailty reviews");
        await ScreenshotAsync("cpd-log");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("cpd-log-390");
        await Page.SetViewportSizeAsync(1280, 800);

        await Page.GetByTestId("print-link").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("print-learning")).ToContainTextAsync("the harms are not");
        await ScreenshotAsync("cpd-print");
        await Page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(Page.Locator("header.nhsuk-header")).ToBeHiddenAsync();
        await ScreenshotAsync("cpd-print-media");
        var pdf = await Page.PdfAsync(new() { Format = "A4" });
        Assert.True(pdf.Length > 1000);
    }

    [Fact]
    public async Task TheCpdPagesHaveNoSeriousAccessibilityViolations()
    {
        var axe = Environment.GetEnvironmentVariable("IMPACTE_AXE");
        if (string.IsNullOrEmpty(axe) || !File.Exists(axe))
            Assert.Skip("axe-core is installed by deploy/local/test.sh; run through it to audit the pages.");
        // Someone else than the other test's attendee, so each log holds only its own test's meeting.
        const string attendee = "pa.mk@example.org";
        var meeting = await AttendedMeetingAsync(attendee);

        // axe is injected as an inline script, which our CSP rightly forbids: this context alone bypasses it.
        await using var context = await Chromium.NewContextAsync(new() { BaseURL = Site.BaseUrl, BypassCSP = true });
        var page = await context.NewPageAsync();
        await SignInOnAsync(page, attendee);

        var problems = new List<string>();
        foreach (var path in new[] { $"/meetings/{meeting}", $"/meetings/{meeting}/reflection", "/me/cpd", "/me/cpd/print" })
        {
            await page.GotoAsync(path);
            problems.AddRange((await AccessibilityTests.AuditAsync(page, axe)).Select(p => $"{path}: {p}"));
        }
        Assert.Empty(problems);
    }
}
