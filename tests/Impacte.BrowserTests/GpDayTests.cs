using System.Globalization;
using System.Text.RegularExpressions;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Meetings;
using Impacte.Domain.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Impacte.BrowserTests;

/// <summary>
/// A GP's day, end to end at desktop and phone widths: home, propose a question through the Check step (the similar
/// questions shown before proposing), vote and add their voice on another, read a CAT (bottom line first, key results),
/// RSVP to a meeting and change the answer in one click, add it to their calendar (a VEVENT for that meeting carrying
/// their answer), then change and withdraw their own proposed question. axe on every page passed; screenshots in
/// .run/screenshots.
/// </summary>
public sealed class GpDayTests(Chromium chromium, Site site) : BrowserTest(chromium, site)
{
    [Theory]
    [InlineData(1280, 900, "gp@example.org")]
    [InlineData(390, 844, "gp2.mk@example.org")]
    public async Task AGpProposesVotesReadsACatAnswersAMeetingAndTidiesTheirQuestions(int width, int height, string email)
    {
        var tag = string.Concat(Guid.NewGuid().ToString("N")[..6].Select(c => (char)('a' + c % 26)));
        var room = $"GP day room {tag}";
        Guid meetingId, otherId, gpId;
        string otherTitle, clubName;
        DateTimeOffset startsAt;
        await using (var db = Site.Api.Database.CreateContext())
        {
            var willenPark = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => new { c.Id, c.Name }).SingleAsync();
            var club = willenPark.Id;
            clubName = willenPark.Name;
            gpId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            startsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(9).AddHours(12).AddMinutes(30), TimeSpan.Zero);
            var meeting = new Meeting { ClubId = club, StartsAt = startsAt, EndsAt = startsAt.AddHours(1), CreatedAt = DateTimeOffset.UtcNow, Location = room };
            db.Meetings.Add(meeting);
            // Another member's proposed question, for this GP to vote on and join.
            var proposer = await db.Users.Where(u => u.Email == "pa.mk@example.org").Select(u => u.Id).SingleAsync();
            var other = new ClinicalQuestion
            {
                ClubId = club, ProposerId = proposer, Population = $"adults with tennis elbow {tag}", Intervention = "corticosteroid injection",
                Comparison = "physiotherapy", Outcome = "pain at one year", Type = QuestionType.Therapy, Urgency = Urgency.Routine,
                Title = $"Steroid injection for tennis elbow {tag}", Sentence = $"In adults with tennis elbow {tag}, does a corticosteroid injection reduce pain at one year?",
                Status = QuestionStatus.Proposed, CreatedAt = DateTimeOffset.UtcNow.AddDays(-3), UpdatedAt = DateTimeOffset.UtcNow.AddDays(-3),
            };
            db.Questions.Add(other);
            await db.SaveChangesAsync();
            (meetingId, otherId, otherTitle) = (meeting.Id, other.Id, other.Title);
        }

        await using var walk = await PageWalk.StartAsync(Chromium, Site.BaseUrl, "gp-day", width, height);
        var page = walk.Page;

        await SignInOnAsync(page, email);

        // Home: my next meetings and my questions first.
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("home-meeting").Filter(new() { HasText = room })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("my-questions")).ToBeVisibleAsync();
        await walk.LookAsync("home");

        // Propose through the Check step: the sentence as the club will read it and what the network already has.
        await page.GetByTestId("propose-question").ClickAsync();
        await page.Locator("#Input_Population").FillAsync($"people over 75 {tag}");
        await page.Locator("#Input_Intervention").FillAsync("statins");
        await page.Locator("#Input_Outcome").FillAsync("strokes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check my question" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("handler=Check"));
        await Assertions.Expect(page.Locator("#sentence-preview [data-testid=sentence]")).ToContainTextAsync(tag);
        var similar = page.GetByTestId("similar-item").Filter(new() { HasText = "over 75" }).First;
        await Assertions.Expect(similar).ToBeVisibleAsync();
        // Each "I have this question too" names its question, so a screen-reader's list of buttons tells them apart.
        var similarTitle = (await similar.Locator("a").First.InnerTextAsync()).Trim();
        await Assertions.Expect(similar.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^I have this question too ?: {Regex.Escape(similarTitle)}$") })).ToBeVisibleAsync();
        await walk.LookAsync("propose-checked");
        await page.GetByTestId("propose").ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("Proposed");
        var mine = Guid.Parse(Regex.Match(page.Url, "/questions/([0-9a-f-]{36})").Groups[1].Value);
        await walk.LookAsync("proposed");

        // Vote on another member's question and add my voice to it.
        await page.GotoAsync("/questions");
        await walk.LookAsync("questions");
        await page.GotoAsync($"/questions/{otherId}");
        var votes = int.Parse(await page.GetByTestId("votes").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Vote for the club to take this question" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("votes")).ToHaveTextAsync((votes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Withdraw my vote" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have this question too" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You are one of the people asking this question.")).ToBeVisibleAsync();
        await walk.LookAsync("voted");

        // Read a CAT: the bottom line before anything else, then the key results with their numbers needed to treat.
        await page.GotoAsync("/appraisals");
        await walk.LookAsync("cats");
        Guid catId;
        await using (var db = Site.Api.Database.CreateContext())
        {
            var question = await db.Questions.Where(q => q.Club.OdsCode == "K83901" && q.Population == "adults with type 2 diabetes and chronic kidney disease")
                .Select(q => q.Id).SingleAsync();
            catId = await db.Appraisals.Where(a => a.QuestionId == question && a.Status == AppraisalStatus.Published).Select(a => a.Id).SingleAsync();
        }
        await page.Locator($"a[href='/appraisals/{catId}']").First.ClickAsync();
        var bottom = (await page.GetByTestId("bottom-line-card").BoundingBoxAsync())!;
        var title = (await page.GetByTestId("question-title").BoundingBoxAsync())!;
        Assert.True(bottom.Y < title.Y, $"At {width}px the bottom line starts at {bottom.Y}, below the title at {title.Y}.");
        Assert.True(bottom.Y < height, $"At {width}px the bottom line starts at {bottom.Y}, off the first screen.");
        await Assertions.Expect(page.GetByTestId("bottom-line")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.GetByTestId("result").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nnt").First).ToContainTextAsync(new Regex("[0-9]"));
        await walk.LookAsync("cat");

        // RSVP from home, then change the answer in one click.
        await page.GotoAsync("/");
        var card = page.GetByTestId("home-meeting").Filter(new() { HasText = room });
        // Among the other meetings' cards, each answer names its own meeting to a screen reader.
        var when = TimeZoneInfo.ConvertTime(startsAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"));
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Yes" })).ToHaveAccessibleNameAsync($"Yes, {clubName}, {when}");
        await card.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("your answer is yes");
        await Assertions.Expect(card.GetByTestId("home-my-rsvp")).ToContainTextAsync("yes");
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^No,") }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("your answer is no");
        await Assertions.Expect(card.GetByTestId("home-my-rsvp")).ToContainTextAsync("no");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^No,") })).ToHaveAttributeAsync("aria-pressed", "true");
        await walk.LookAsync("home-answered");

        // Add to calendar: a valid calendar with one VEVENT for this meeting, the GP as attendee with their answer.
        var download = await page.RunAndWaitForDownloadAsync(() => card.GetByTestId("home-add-to-calendar").ClickAsync());
        Assert.EndsWith(".ics", download.SuggestedFilename);
        var ics = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        var calendar = Ical.Net.Calendar.Load(ics)!;
        var vevent = Assert.Single(calendar.Events);
        Assert.Equal($"meeting-{meetingId}@impacte", vevent.Uid);
        Assert.Equal(startsAt.UtcDateTime, vevent.Start!.AsUtc);
        Assert.Equal(startsAt.AddHours(1).UtcDateTime, vevent.End!.AsUtc);
        Assert.Contains(room, vevent.Location);
        var attendee = Assert.Single(vevent.Attendees);
        Assert.Equal($"mailto:{email}", attendee.Value?.ToString(), ignoreCase: true);
        Assert.Equal("DECLINED", attendee.ParticipationStatus);
        await using (var db = Site.Api.Database.CreateContext())
            Assert.Equal(RsvpResponse.No, await db.Rsvps.Where(r => r.MeetingId == meetingId && r.UserId == gpId).Select(r => r.Response).SingleAsync());

        // My questions: change the wording of the one I proposed, then withdraw it.
        await page.GotoAsync("/me/questions");
        var row = page.GetByTestId("my-question").Filter(new() { Has = page.Locator($"a[href='/questions/{mine}']") });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await walk.LookAsync("my-questions");
        await row.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Edit") }).ClickAsync();
        await page.Locator("#Input_Outcome").FillAsync("strokes and heart attacks");
        await walk.LookAsync("edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save question" }).ClickAsync();
        await page.GotoAsync($"/questions/{mine}");
        await Assertions.Expect(page.GetByTestId("sentence")).ToContainTextAsync("strokes and heart attacks");
        await page.GotoAsync("/me/questions");
        await row.GetByTestId("withdraw").ClickAsync();
        await Assertions.Expect(page.GetByTestId("message")).ToContainTextAsync("Withdrawn");
        await Assertions.Expect(page.GetByTestId("my-question").Filter(new() { Has = page.Locator($"a[href='/questions/{mine}']") }).GetByTestId("withdraw"))
            .ToHaveCountAsync(0);
        await walk.LookAsync("withdrawn");
        walk.AssertAccessible();
    }
}
