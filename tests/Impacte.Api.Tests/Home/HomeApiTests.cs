using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Home;
using Impacte.Domain.Meetings;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Home;

/// <summary>GET /api/me/home (the home page's read) and the proposer's edit and withdrawal of their own question.</summary>
public sealed class HomeApiTests(ApiFactory api) : ApiTestBase(api)
{
    private async Task<Guid> MeetingAsync(string ods, TimeSpan fromNow, string? minutes = null)
    {
        await using var db = Db();
        var start = DateTimeOffset.UtcNow.Add(fromNow);
        var meeting = new Meeting
        {
            ClubId = await ClubIdAsync(ods), StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = DateTimeOffset.UtcNow,
            Location = "Seminar room", Minutes = minutes,
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        return meeting.Id;
    }

    private async Task<JsonElement> ProposeAsync(string email, string outcome)
    {
        var response = await (await As(email)).PostAsJsonAsync("/api/questions", new
        {
            clubId = await ClubIdAsync(MiltonKeynes), population = "adults with chronic plaque psoriasis", intervention = "topical calcipotriol",
            comparison = "topical corticosteroid", outcome, type = "therapy", urgency = "routine",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private async Task<JsonElement> HomeAsync(string email)
    {
        var response = await (await As(email)).GetAsync("/api/me/home");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static IEnumerable<JsonElement> Tasks(JsonElement home, string kind) =>
        home.GetProperty("tasks").EnumerateArray().Where(t => t.GetProperty("kind").GetString() == kind);

    [Fact]
    public async Task AGpsHomeShowsTheirNextMeetingWithTheirAnswerAndTheirQuestionsButNoLeadsTasks()
    {
        var meetingId = await MeetingAsync(MiltonKeynes, TimeSpan.FromHours(1));
        var gp = await As("gp@example.org");
        Assert.Equal(HttpStatusCode.OK, (await gp.PutAsJsonAsync($"/api/meetings/{meetingId}/rsvp", new { response = "maybe" })).StatusCode);
        var question = await ProposeAsync("gp@example.org", "itch at 2 weeks");

        var home = await HomeAsync("gp@example.org");
        var meeting = home.GetProperty("meetings").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == meetingId);
        Assert.Equal("maybe", meeting.GetProperty("myRsvp").GetString());
        Assert.Equal($"/api/meetings/{meetingId}/calendar.ics", meeting.GetProperty("calendarUrl").GetString());
        var mine = home.GetProperty("myQuestions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == question.GetProperty("id").GetString());
        Assert.Equal("proposed", mine.GetProperty("status").GetString());
        Assert.DoesNotContain(home.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("role").GetString() is "lead" or "librarian" or "admin");
    }

    [Fact]
    public async Task ALeadsHomeAsksForDecisionsTheNextAgendaMinutesAndChangesDue()
    {
        var next = await MeetingAsync(MiltonKeynes, TimeSpan.FromMinutes(30));
        var past = await MeetingAsync(MiltonKeynes, TimeSpan.FromDays(-3));
        await MeetingAsync(MiltonKeynes, TimeSpan.FromDays(-4), minutes: "We met.");
        await ProposeAsync("nurse.mk@example.org", "itch at 3 weeks");
        await using (var db = Db())
        {
            var now = DateTimeOffset.UtcNow;
            db.Set<Domain.Changes.PracticeChange>().Add(new Domain.Changes.PracticeChange
            {
                ClubId = await ClubIdAsync(MiltonKeynes), OwnerId = await UserIdAsync("nurse.mk@example.org"), Title = "Structured medication review",
                Description = "At the frailty review", DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(5)), CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var home = await HomeAsync("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        Assert.Contains(Tasks(home, "decide-questions"), t => t.GetProperty("link").GetString() == $"/clubs/{clubId}/questions");
        Assert.Equal($"/meetings/{next}", Assert.Single(Tasks(home, "set-agenda")).GetProperty("link").GetString());
        Assert.Equal($"/meetings/{past}", Assert.Single(Tasks(home, "write-minutes")).GetProperty("link").GetString());
        // Agreed and due in 5 days.
        Assert.True(Tasks(home, "change-due").Any(t => t.GetProperty("text").GetString()!.Contains("Structured medication review")), home.ToString());
        Assert.All(home.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("lead", t.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task ALibrariansHomeShowsTenOfTheirDraftsAndOneLineSayingHowManyMoreLinkedToTheirDesk()
    {
        var librarian = await UserIdAsync("librarian2@example.org");
        await using (var db = Db())
        {
            var questions = await db.Questions.OrderBy(q => q.CreatedAt).Select(q => q.Id).Take(HomeTasks.TasksPerKind + 3).ToListAsync();
            var now = DateTimeOffset.UtcNow;
            db.Appraisals.AddRange(questions.Select((q, i) => new Appraisal
            {
                QuestionId = q, AuthorId = librarian, Status = AppraisalStatus.Draft, CreatedAt = now, UpdatedAt = now.AddMinutes(-i),
            }));
            await db.SaveChangesAsync();
        }
        await using (var db = Db())
        {
            var drafts = await db.Appraisals.CountAsync(a => a.AuthorId == librarian && a.Status == AppraisalStatus.Draft);
            var home = await HomeAsync("librarian2@example.org");
            Assert.Equal(HomeTasks.TasksPerKind, Tasks(home, "my-draft").Count());
            var more = Assert.Single(Tasks(home, "my-draft-more"));
            Assert.Equal($"{drafts - HomeTasks.TasksPerKind} more drafts of yours", more.GetProperty("text").GetString());
            Assert.Equal("/librarian#work", more.GetProperty("link").GetString());
        }
    }

    [Fact]
    public async Task ALibrariansHomeShowsTheQueueAndAQuestionTheyTookThatHasGoneQuiet()
    {
        var librarianId = await UserIdAsync("librarian@example.org");
        Guid quietId;
        await using (var db = Db())
        {
            var question = await db.Questions.Where(q => q.Status == QuestionStatus.Proposed).OrderBy(q => q.CreatedAt).FirstAsync();
            var taken = DateTimeOffset.UtcNow.AddDays(-20);
            question.Status = QuestionStatus.Accepted;
            db.QuestionTransitions.Add(question.MoveTo(QuestionStatus.Searching, librarianId, taken));
            var accepted = await db.Questions.Where(q => q.Status == QuestionStatus.Proposed && q.Id != question.Id).OrderBy(q => q.CreatedAt).FirstAsync();
            accepted.Status = QuestionStatus.Accepted;
            await db.SaveChangesAsync();
            quietId = question.Id;
        }

        var home = await HomeAsync("librarian@example.org");
        Assert.Contains(Tasks(home, "gone-quiet"), t => t.GetProperty("link").GetString() == $"/librarian/questions/{quietId}/search");
        Assert.Equal("/librarian", Assert.Single(Tasks(home, "queue")).GetProperty("link").GetString());
        // The other librarian took nothing.
        Assert.Empty(Tasks(await HomeAsync("librarian2@example.org"), "gone-quiet"));
    }

    [Fact]
    public async Task AProposerWithdrawsTheirProposedQuestionAndNobodyElseCan()
    {
        var question = await ProposeAsync("gp@example.org", "itch at 5 weeks");
        var url = $"/api/questions/{question.GetProperty("id").GetString()}/withdraw";

        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("nurse.mk@example.org")).PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("lead@example.org")).PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("admin@example.org")).PostAsync(url, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("gp.luton@example.org")).PostAsync(url, null)).StatusCode);

        var withdrawn = await (await As("gp@example.org")).PostAsync(url, null);
        Assert.True(withdrawn.StatusCode == HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        Assert.Equal("withdrawn", (await JsonAsync(withdrawn)).GetProperty("status").GetString());
        await using var db = Db();
        var id = question.GetProperty("id").GetGuid();
        Assert.True(await db.QuestionTransitions.AnyAsync(t => t.QuestionId == id && t.ToStatus == QuestionStatus.Withdrawn));
    }

    [Fact]
    public async Task AProposerEditsTheirProposedQuestionButNeitherEditsNorWithdrawsItOnceAccepted()
    {
        var question = await ProposeAsync("gp@example.org", "itch at 6 weeks");
        var id = question.GetProperty("id").GetString();
        var gp = await As("gp@example.org");

        async Task<HttpResponseMessage> EditAsync(HttpClient client, string outcome)
        {
            var read = await client.GetAsync($"/api/questions/{id}");
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/questions/{id}") { Content = JsonContent.Create(new { outcome }) };
            request.Headers.IfMatch.Add(read.Headers.ETag!);
            return await client.SendAsync(request);
        }
        var edited = await EditAsync(gp, "itch at 8 weeks");
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await EditAsync(await As("nurse.mk@example.org"), "itch at 9 weeks")).StatusCode);

        var accepted = await (await As("lead@example.org")).PostAsJsonAsync($"/api/questions/{id}/transitions", new { to = "accepted" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var late = await gp.PostAsync($"/api/questions/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await EditAsync(gp, "itch at 10 weeks")).StatusCode);
    }
}
