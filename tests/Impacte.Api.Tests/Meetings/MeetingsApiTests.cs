using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Impacte.Api.Tests.Meetings;

/// <summary>Each test uses its own demo club, as the classes share one database and cadences belong to a club.</summary>
public sealed class MeetingsApiTests(ApiFactory api) : ApiTestBase(api)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public async Task ASecondWednesdayCadenceGeneratesThreeMonthsOfMeetingsAtTheLocalTimeAcrossClockChanges()
    {
        var lead = await As("lead.bedford@example.org");
        var clubId = await ClubIdAsync(Bedford);

        var response = await lead.PutAsJsonAsync($"/api/clubs/{clubId}/cadence",
            new { rrule = "FREQ=MONTHLY;BYDAY=2WE", startTime = "12:30", durationMinutes = 60, leadTimeDays = 7 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cadence = await JsonAsync(response);
        Assert.Contains("second Wednesday", cadence.GetProperty("description").GetString());

        var page = await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/meetings?pageSize=50&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}"));
        var starts = page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("startsAt").GetDateTimeOffset()).ToList();
        Assert.InRange(starts.Count, 2, 4);
        Assert.All(starts, start =>
        {
            var local = TimeZoneInfo.ConvertTime(start, London);
            Assert.Equal((DayOfWeek.Wednesday, 12, 30), (local.DayOfWeek, local.Hour, local.Minute));
            Assert.InRange(local.Day, 8, 14);
        });

        // Setting it again changes nothing: generation is idempotent.
        await lead.PutAsJsonAsync($"/api/clubs/{clubId}/cadence", new { rrule = "FREQ=MONTHLY;BYDAY=2WE", startTime = "12:30", durationMinutes = 60 });
        var again = await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/meetings?pageSize=50&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}"));
        Assert.Equal(starts.Count, again.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("FREQ=DAILY")]
    [InlineData("FREQ=MONTHLY;BYDAY=6WE")]
    [InlineData("nonsense")]
    public async Task AnInvalidRuleIsAFieldErrorThatSaysWhy(string rrule)
    {
        var lead = await As("lead.bedford@example.org");
        var response = await lead.PutAsJsonAsync($"/api/clubs/{await ClubIdAsync(Bedford)}/cadence", new { rrule, startTime = "12:30", durationMinutes = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("rrule")[0].GetString()!);
    }

    [Fact]
    public async Task ALeadAddsMovesAndCancelsAMeetingAndEveryChangeRaisesItsSequence()
    {
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        var start = DateTimeOffset.UtcNow.AddDays(40);
        var created = await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings",
            new { startsAt = start.ToOffset(TimeSpan.FromHours(1)), durationMinutes = 45, location = "Library", onlineUrl = "https://meet.example.org/jc" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var meeting = await JsonAsync(created);
        var id = meeting.GetProperty("id").GetGuid();
        Assert.Equal(0, meeting.GetProperty("sequence").GetInt32());

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/meetings/{id}") { Content = JsonContent.Create(new { startsAt = start.AddDays(1) }) };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await lead.SendAsync(patch)).StatusCode);

        patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/meetings/{id}") { Content = JsonContent.Create(new { startsAt = start.AddDays(1) }) };
        patch.Headers.IfMatch.Add(created.Headers.ETag!);
        var moved = await lead.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(1, (await JsonAsync(moved)).GetProperty("sequence").GetInt32());

        var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/meetings/{id}") { Content = JsonContent.Create(new { location = "Elsewhere" }) };
        stale.Headers.IfMatch.Add(created.Headers.ETag!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lead.SendAsync(stale)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("gp@example.org")).PostAsJsonAsync($"/api/meetings/{id}/cancel", new { reason = "No room" })).StatusCode);
        // Members are told why: a cancellation without a reason is a field error.
        var unexplained = await lead.PostAsync($"/api/meetings/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.BadRequest, unexplained.StatusCode);
        Assert.True((await JsonAsync(unexplained)).GetProperty("errors").TryGetProperty("reason", out _));
        var cancelled = await JsonAsync(await lead.PostAsJsonAsync($"/api/meetings/{id}/cancel", new { reason = "The room is flooded." }));
        Assert.Equal(("cancelled", 2), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("sequence").GetInt32()));

        var ics = await lead.GetAsync($"/api/meetings/{id}/calendar.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("METHOD:CANCEL", text);
        Assert.Contains($"UID:meeting-{id}@impacte", text);
        Assert.Contains("SEQUENCE:2", text);
    }

    [Fact]
    public async Task AgendaRsvpAttendanceAndMinutesAreRecordedAndMoveTheQuestionThroughItsLifecycle()
    {
        var lead = await As("lead@example.org");
        var gp = await As("gp@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        var gpId = await UserIdAsync("gp@example.org");
        Guid question;
        await using (var db = Db())
            question = await db.Questions.Where(q => q.ClubId == clubId && q.Status == Impacte.Domain.Questions.QuestionStatus.Appraised).Select(q => q.Id).FirstAsync();
        var meeting = await JsonAsync(await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(50), durationMinutes = 60 }));
        var id = meeting.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { questionIds = new[] { Guid.NewGuid() } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda",
            new { questionIds = new[] { question }, presenters = new Dictionary<Guid, Guid> { [question] = Guid.NewGuid() } })).StatusCode);
        var agenda = await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { questionIds = new[] { question }, presenters = new Dictionary<Guid, Guid> { [question] = gpId } });
        Assert.Equal(HttpStatusCode.OK, agenda.StatusCode);
        var item = (await JsonAsync(agenda)).GetProperty("agenda")[0];
        Assert.Equal(("scheduled", gpId), (item.GetProperty("questionStatus").GetString(), item.GetProperty("presenterId").GetGuid()));

        // Off the agenda and back: appraised, then scheduled again, each step in the question's history.
        var off = await JsonAsync(await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { questionIds = Array.Empty<Guid>() }));
        Assert.Empty(off.GetProperty("agenda").EnumerateArray());
        await using (var db = Db())
            Assert.Equal(Impacte.Domain.Questions.QuestionStatus.Appraised, (await db.Questions.SingleAsync(q => q.Id == question)).Status);
        await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { questionIds = new[] { question } });

        Assert.Equal(HttpStatusCode.BadRequest, (await gp.PutAsJsonAsync($"/api/meetings/{id}/rsvp", new { response = "perhaps" })).StatusCode);
        var rsvp = await JsonAsync(await gp.PutAsJsonAsync($"/api/meetings/{id}/rsvp", new { response = "maybe" }));
        Assert.Equal("maybe", rsvp.GetProperty("myRsvp").GetString());
        rsvp = await JsonAsync(await gp.PutAsJsonAsync($"/api/meetings/{id}/rsvp", new { response = "yes" }));
        Assert.Equal(1, rsvp.GetProperty("rsvps").GetProperty("yes").GetInt32());
        Assert.Equal(0, rsvp.GetProperty("rsvps").GetProperty("maybe").GetInt32());

        // Attendance and minutes wait for the meeting to start.
        Assert.Equal(HttpStatusCode.Conflict, (await lead.PutAsJsonAsync($"/api/meetings/{id}/attendance", new { userIds = new[] { gpId } })).StatusCode);
        await using (var db = Db())
            await db.Meetings.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.StartsAt, DateTimeOffset.UtcNow.AddHours(-2))
                .SetProperty(m => m.EndsAt, DateTimeOffset.UtcNow.AddHours(-1)));

        var attendance = await JsonAsync(await lead.PutAsJsonAsync($"/api/meetings/{id}/attendance", new { userIds = new[] { gpId } }));
        Assert.Equal(gpId, attendance.GetProperty("attendance")[0].GetProperty("id").GetGuid());

        var body = new
        {
            markdown = "We **agreed** to audit.\n\n<script>alert(1)</script> [x](javascript:alert(1))",
            items = new[] { new { questionId = question, discussion = "Fits our patients.", decision = "Change practice" } },
        };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await lead.PutAsJsonAsync($"/api/meetings/{id}/minutes", body)).StatusCode);
        var read = await lead.GetAsync($"/api/meetings/{id}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/meetings/{id}/minutes") { Content = JsonContent.Create(body) };
        put.Headers.IfMatch.Add(read.Headers.ETag!);
        var saved = await lead.SendAsync(put);
        await AssertStatusAsync(HttpStatusCode.OK, saved);
        var minutes = await JsonAsync(saved);
        Assert.Equal("Fits our patients.", minutes.GetProperty("agenda")[0].GetProperty("discussion").GetString());
        // A second save over the version first read is refused.
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/meetings/{id}/minutes") { Content = JsonContent.Create(body) };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await lead.SendAsync(stale)).StatusCode);
        var html = minutes.GetProperty("minutesHtml").GetString()!;
        Assert.Contains("<strong>agreed</strong>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Equal(("Change practice", "discussed"), (minutes.GetProperty("agenda")[0].GetProperty("outcome").GetString(), minutes.GetProperty("agenda")[0].GetProperty("questionStatus").GetString()));
        await using (var db = Db())
        {
            var steps = await db.QuestionTransitions.Where(t => t.QuestionId == question).OrderBy(t => t.At).Select(t => t.ToStatus).ToListAsync();
            Assert.Equal([Impacte.Domain.Questions.QuestionStatus.Scheduled, Impacte.Domain.Questions.QuestionStatus.Appraised,
                Impacte.Domain.Questions.QuestionStatus.Scheduled, Impacte.Domain.Questions.QuestionStatus.Discussed], steps.TakeLast(4));
        }
    }

    [Fact]
    public async Task TheDemoClubsArchiveHasPastMeetingsWithAttendanceAndMinutesThatOpenedItsChanges()
    {
        using (var scope = Api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Impacte.Domain.Seeding.DemoNetwork>().LoadChangesAsync(
                Impacte.Domain.Seeding.DemoNetwork.FindSeedsDirectory(RepoPaths.Seeds));
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);

        var past = await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/meetings?pageSize=50&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}"));
        var held = new List<System.Text.Json.JsonElement>();
        foreach (var m in past.GetProperty("items").EnumerateArray())
            held.Add(await JsonAsync(await lead.GetAsync($"/api/meetings/{m.GetProperty("id").GetGuid()}")));
        var withChange = held.Where(m => m.GetProperty("agenda").EnumerateArray().Any(a => a.TryGetProperty("changeId", out var c) && c.ValueKind != System.Text.Json.JsonValueKind.Null)).ToList();
        Assert.True(withChange.Count >= 2, "The Milton Keynes archive shows the meetings that agreed its demo changes.");
        Assert.All(withChange, m =>
        {
            Assert.NotEmpty(m.GetProperty("attendance").EnumerateArray());
            var item = m.GetProperty("agenda")[0];
            Assert.False(string.IsNullOrEmpty(item.GetProperty("discussion").GetString()));
            Assert.False(string.IsNullOrEmpty(item.GetProperty("outcome").GetString()));
            Assert.True(m.GetProperty("hasStarted").GetBoolean());
        });
    }

    [Fact]
    public async Task AdminsSeeTheOutboxRetryAFailedEmailAndAskForAJobToRun()
    {
        var admin = await As("admin@example.org");
        await using (var db = Db())
        {
            var row = new Impacte.Domain.Email.Emails(new(), TimeProvider.System).AddedToClub(Guid.NewGuid(), Guid.NewGuid(), $"ops-{Guid.NewGuid():N}@example.org", "X", "Club", "Lead");
            row.Status = Impacte.Domain.Email.OutboxStatus.Failed;
            row.LastError = "550 5.1.1 User unknown";
            db.Outbox.Add(row);
            await db.SaveChangesAsync();
            var failed = await JsonAsync(await admin.GetAsync("/api/ops/outbox?status=failed&pageSize=100"));
            Assert.Contains(failed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == row.Id && i.GetProperty("lastError").GetString()!.Contains("550"));

            var retried = await admin.PostAsync($"/api/ops/outbox/{row.Id}/retry", null);
            await AssertStatusAsync(HttpStatusCode.OK, retried);
            Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/ops/outbox/{row.Id}/retry", null)).StatusCode);
            var pending = await db.Outbox.AsNoTracking().SingleAsync(o => o.Id == row.Id);
            Assert.Equal((Impacte.Domain.Email.OutboxStatus.Pending, row.MessageId), (pending.Status, pending.MessageId));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/ops/outbox?status=lost")).StatusCode);
        // No Worker has run against this database: no jobs, and asking for one is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/ops/jobs/reading-packs/trigger", null)).StatusCode);
    }
}
