using Impacte.Domain.Changes;
using Impacte.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// The lead's day, end to end at desktop and phone widths: a meeting with its agenda (order, two presenters on an
/// item), the reading pack sent by the Worker, the meeting starting, attendance ticked from the yes answers, and minutes
/// whose decision opens a practice change with its owner and due date, then a second change from the same item. axe on every page passed; screenshots in .run/screenshots.
/// </summary>
public sealed class LeadMeetingDayTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Theory]
    [InlineData(1280, 900, "K83901", "lead@example.org", "nurse.mk@example.org")]
    [InlineData(390, 844, "E81902", "lead.luton@example.org", "nurse.luton@example.org")]
    public async Task ALeadSetsTheAgendaSendsThePackAndMinutesTheMeetingWithAChangeOpened(int width, int height, string ods, string leadEmail, string memberEmail)
    {
        var started = DateTimeOffset.UtcNow;
        Guid clubId, memberId;
        await using (var db = Site.Api.Database.CreateContext())
        {
            clubId = await db.Clubs.Where(c => c.OdsCode == ods).Select(c => c.Id).SingleAsync();
            memberId = await db.Users.Where(u => u.Email == memberEmail).Select(u => u.Id).SingleAsync();
        }
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(started, london).DateTime);

        await using var walk = await PageWalk.StartAsync(Chromium, Site.BaseUrl, "lead-day", width, height);
        var page = walk.Page;

        await SignInOnAsync(page, leadEmail);

        // Before: a meeting in three days (inside the lead time, so its pack goes at once), with a date picker.
        await page.GotoAsync($"/clubs/{clubId}/meetings");
        var form = page.GetByTestId("oneoff-form");
        Assert.Equal("date", await form.GetByLabel("Date").GetAttributeAsync("type"));
        await form.GetByLabel("Date").FillAsync(today.AddDays(3).ToString("yyyy-MM-dd"));
        await form.GetByLabel("Start time").FillAsync("13:00");
        await form.GetByLabel("Length in minutes").FillAsync("60");
        await form.GetByLabel("Location").FillAsync("Seminar room");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        var when = today.AddDays(3).ToDateTime(new TimeOnly(13, 0)).ToString("ddd d MMM yyyy, HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        await Assertions.Expect(page.GetByTestId("when")).ToContainTextAsync(when); // "Thu 3 Dec 2026, 13:00"
        var meetingId = Guid.Parse(page.Url.Split('/')[^1].Split('?', '#')[0]);

        // Two questions, each with a presenter; the second moved to the top with the keyboard-usable buttons.
        var agendaForm = page.GetByTestId("agenda-form");
        await agendaForm.GetByLabel("Question", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await agendaForm.GetByLabel("Presenter", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await agendaForm.GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("agenda-item")).ToHaveCountAsync(1);
        var first = (await page.GetByTestId("agenda-item").First.Locator("a").First.TextContentAsync())!.Trim();
        await page.GetByTestId("agenda-form").GetByLabel("Question", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByTestId("agenda-form").GetByRole(AriaRole.Button, new() { Name = "Add to agenda" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("agenda-item")).ToHaveCountAsync(2);
        var second = (await page.GetByTestId("agenda-item").Nth(1).Locator("a").First.TextContentAsync())!.Trim();
        await page.GetByTestId("agenda-item").Nth(1).GetByTestId("move-up").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("agenda-item").First).ToContainTextAsync(second);
        await Assertions.Expect(page.GetByTestId("agenda-item").Nth(1)).ToContainTextAsync(first);
        await Assertions.Expect(page.GetByTestId("agenda-item").Nth(1).GetByTestId("presenter")).ToBeVisibleAsync();
        // Two presenters on the top item (a GP and the librarian who appraised it, say), named one after the other.
        var top = page.GetByTestId("agenda-item").First;
        await top.GetByLabel("First presenter", new() { Exact = false }).SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await top.GetByRole(AriaRole.Button, new() { Name = "Save presenters" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Presenters saved");
        top = page.GetByTestId("agenda-item").First;
        var firstPresenter = (await top.GetByLabel("First presenter", new() { Exact = false }).Locator("option:checked").TextContentAsync())!.Trim();
        await top.GetByLabel("Second presenter", new() { Exact = false }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var secondPresenter = (await top.GetByLabel("Second presenter", new() { Exact = false }).Locator("option:checked").TextContentAsync())!.Trim();
        await top.GetByRole(AriaRole.Button, new() { Name = "Save presenters" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Presenters saved");
        await Assertions.Expect(page.GetByTestId("agenda-item").First.GetByTestId("presenter"))
            .ToHaveTextAsync($"Presented by {firstPresenter} and {secondPresenter}");
        if (ods == "K83901") await Assertions.Expect(page.GetByTestId("cat-link")).ToHaveCountAsync(1); // the appraised question's CAT
        await Assertions.Expect(page.GetByTestId("minutes-later")).ToBeVisibleAsync();

        // The pack: the Worker sends it (inside the lead time); the page then says when.
        try
        {
            Assert.Single(await Impacte.Testing.MailDev.Local.WaitForAsync(memberEmail, since: started, timeout: TimeSpan.FromSeconds(60),
                matching: e => e.Subject.StartsWith("Reading pack", StringComparison.Ordinal)));
        }
        catch (TimeoutException e)
        {
            // Where the pack got to: the meeting's mark and the outbox rows say whether the Worker or the relay held it up.
            throw new TimeoutException($"{e.Message} {await Site.PackStateAsync(meetingId, memberEmail)}", e);
        }
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("pack")).ToContainTextAsync("Sent");
        await walk.LookAsync("before");

        // The member answers yes; then the meeting starts (moved to now, as the clock would bring it).
        await using (var db = Site.Api.Database.CreateContext())
        {
            var meeting = await db.Meetings.SingleAsync(m => m.Id == meetingId);
            db.Rsvps.Add(new MeetingRsvp { MeetingId = meetingId, UserId = memberId, Response = RsvpResponse.Yes, RespondedAt = DateTimeOffset.UtcNow, ForStartsAt = meeting.StartsAt });
            await db.SaveChangesAsync();
            var now = DateTimeOffset.UtcNow;
            await db.Meetings.Where(m => m.Id == meetingId).ExecuteUpdateAsync(u => u.SetProperty(m => m.StartsAt, now.AddMinutes(-15))
                .SetProperty(m => m.EndsAt, now.AddMinutes(45)));
        }
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("phase")).ToHaveTextAsync("Held");
        await Assertions.Expect(page.GetByTestId("agenda-form")).ToHaveCountAsync(0);

        // Attendance: the yes answer is ticked; the lead ticks themself too.
        var attendance = page.GetByTestId("attendance-form");
        await Assertions.Expect(attendance.Locator($"#attended-{memberId}")).ToBeCheckedAsync();
        string leadName;
        await using (var db = Site.Api.Database.CreateContext())
            leadName = await db.Users.Where(u => u.Email == leadEmail).Select(u => u.Name).SingleAsync();
        await attendance.GetByLabel(leadName, new() { Exact = true }).CheckAsync();
        await attendance.GetByRole(AriaRole.Button, new() { Name = "Save attendance" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Attendance saved");

        // Minutes per item; the first item's decision changes practice, with an owner and a due date.
        var item = page.GetByTestId("minutes-item").First;
        await item.GetByLabel($"Discussion on “{second}”").FillAsync("Read the evidence together; it fits our patients.");
        await item.GetByLabel($"Decision on “{second}”").FillAsync("Change practice: offer it at every annual review.");
        await item.GetByLabel("Change practice: open a practice change", new() { Exact = false }).CheckAsync();
        await item.Locator("select").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await item.Locator("input[type=date]").FillAsync(today.AddMonths(3).ToString("yyyy-MM-dd"));
        await page.GetByTestId("minutes-item").Nth(1).GetByLabel($"Discussion on “{first}”").FillAsync("Deferred: evidence still to come.");
        await walk.LookAsync("minutes-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save minutes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("practice change opened");
        await Assertions.Expect(page.GetByTestId("decision").First).ToContainTextAsync("Change practice");

        // The same discussion agreed a second change: an audit, with its own owner and due date.
        item = page.GetByTestId("minutes-item").First;
        await item.GetByLabel("Change practice: open another practice change", new() { Exact = false }).CheckAsync();
        await item.GetByLabel("What will change, in a line", new() { Exact = false }).FillAsync("Audit it in six months");
        await item.Locator("select").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await item.Locator("input[type=date]").FillAsync(today.AddMonths(6).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save minutes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("practice change opened: Audit it in six months");
        await Assertions.Expect(page.GetByTestId("agenda-item").First.GetByTestId("agreed-change")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("agenda-item").First.GetByTestId("agreed-change").Nth(1)).ToContainTextAsync("Audit it in six months");
        await walk.LookAsync("after");

        await page.GetByTestId("change-opened").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Agreed");
        await Assertions.Expect(page.GetByTestId("from-meeting")).ToBeVisibleAsync();
        await walk.LookAsync("change");
        await using (var db = Site.Api.Database.CreateContext())
        {
            var changes = await db.Set<PracticeChange>().Where(c => c.MeetingId == meetingId).OrderBy(c => c.CreatedAt).ToListAsync();
            Assert.Equal([today.AddMonths(3), today.AddMonths(6)], changes.Select(c => c.DueOn));
            Assert.Equal("Audit it in six months", changes[1].Title);
            Assert.All(changes, c => Assert.Equal(changes[0].QuestionId, c.QuestionId));
        }
        walk.AssertAccessible();
    }
}
