using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Meetings;

/// <summary>
/// Several presenters per agenda item (ordered, members only) and several practice changes from one item's minutes,
/// through the API, with the older one-presenter and one-change forms still accepted.
/// </summary>
public sealed class AgendaPresentersAndChangesApiTests(ApiFactory api) : ApiTestBase(api)
{
    /// <summary>A new meeting and a question that can go on its agenda: each test takes its own (first or last by title).</summary>
    private async Task<(HttpClient Lead, Guid MeetingId, Guid QuestionId)> MeetingWithAnItemAsync(bool last = false)
    {
        var lead = await As("lead@example.org");
        var clubId = await ClubIdAsync(MiltonKeynes);
        Guid question;
        await using (var db = Db())
        {
            var choices = db.Questions.Where(q => q.ClubId == clubId && (q.Status == Impacte.Domain.Questions.QuestionStatus.Appraised
                || q.Status == Impacte.Domain.Questions.QuestionStatus.Accepted || q.Status == Impacte.Domain.Questions.QuestionStatus.Scheduled));
            question = await (last ? choices.OrderByDescending(q => q.Title) : choices.OrderBy(q => q.Title)).Select(q => q.Id).FirstAsync();
        }
        var meeting = await JsonAsync(await lead.PostAsJsonAsync($"/api/clubs/{clubId}/meetings", new { startsAt = DateTimeOffset.UtcNow.AddDays(40), durationMinutes = 60 }));
        return (lead, meeting.GetProperty("id").GetGuid(), question);
    }

    [Fact]
    public async Task AnItemHasSeveralPresentersInOrderAndANonMemberIsRefusedOnTheField()
    {
        var (lead, id, question) = await MeetingWithAnItemAsync();
        var (nurse, gp, outsider) = (await UserIdAsync("nurse.mk@example.org"), await UserIdAsync("gp@example.org"), await UserIdAsync("gp.luton@example.org"));

        var refused = await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda",
            new { questionIds = new[] { question }, presenterIds = new Dictionary<Guid, Guid[]> { [question] = [gp, outsider] } });
        await AssertStatusAsync(HttpStatusCode.BadRequest, refused);
        Assert.True((await JsonAsync(refused)).GetProperty("errors").TryGetProperty("presenters", out _));

        var saved = await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda",
            new { questionIds = new[] { question }, presenterIds = new Dictionary<Guid, Guid[]> { [question] = [nurse, gp] } });
        await AssertStatusAsync(HttpStatusCode.OK, saved);
        var item = (await JsonAsync(saved)).GetProperty("agenda")[0];
        Assert.Equal([(nurse, "Helen Carter"), (gp, "Dr James Whitfield")],
            item.GetProperty("presenters").EnumerateArray().Select(p => (p.GetProperty("id").GetGuid(), p.GetProperty("name").GetString())));
        Assert.Equal((nurse, "Helen Carter"), (item.GetProperty("presenterId").GetGuid(), item.GetProperty("presenterName").GetString())); // the first, as before

        // The older form (one presenter per question) still works.
        var older = await JsonAsync(await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda",
            new { questionIds = new[] { question }, presenters = new Dictionary<Guid, Guid> { [question] = gp } }));
        Assert.Equal([gp], older.GetProperty("agenda")[0].GetProperty("presenters").EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task OneItemsMinutesOpenTwoChangesEachListedAndLinkedAndTheOlderOneChangeFormStillWorks()
    {
        var (lead, id, question) = await MeetingWithAnItemAsync(last: true);
        var (nurse, gp) = (await UserIdAsync("nurse.mk@example.org"), await UserIdAsync("gp@example.org"));
        await lead.PutAsJsonAsync($"/api/meetings/{id}/agenda", new { questionIds = new[] { question } });
        await using (var db = Db())
            await db.Meetings.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.StartsAt, DateTimeOffset.UtcNow.AddHours(-2))
                .SetProperty(m => m.EndsAt, DateTimeOffset.UtcNow.AddHours(-1)));
        var due = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3));

        async Task<HttpResponseMessage> PutAsync(object body, System.Net.Http.Headers.EntityTagHeaderValue? etag = null)
        {
            var put = new HttpRequestMessage(HttpMethod.Put, $"/api/meetings/{id}/minutes") { Content = JsonContent.Create(body) };
            put.Headers.IfMatch.Add(etag ?? (await lead.GetAsync($"/api/meetings/{id}")).Headers.ETag!);
            return await lead.SendAsync(put);
        }
        var read = (await lead.GetAsync($"/api/meetings/{id}")).Headers.ETag!;
        var two = new[] { new { title = "Stop X", ownerId = gp, dueOn = due }, new { title = "Audit Y", ownerId = nurse, dueOn = due.AddMonths(3) } };
        var saved = await PutAsync(new { items = new[] { new { questionId = question, decision = "Change practice: stop X, audit Y.", changes = two } } }, read);
        await AssertStatusAsync(HttpStatusCode.OK, saved);
        var item = (await JsonAsync(saved)).GetProperty("agenda")[0];
        var changes = item.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal([("Stop X", "Dr James Whitfield", due), ("Audit Y", "Helen Carter", due.AddMonths(3))],
            changes.Select(c => (c.GetProperty("title").GetString(), c.GetProperty("owner").GetProperty("name").GetString(), DateOnly.Parse(c.GetProperty("dueOn").GetString()!))));
        Assert.All(changes, c => Assert.Equal("agreed", c.GetProperty("status").GetString()));
        Assert.Equal(changes[0].GetProperty("id").GetGuid(), item.GetProperty("changeId").GetGuid()); // the first, as before
        foreach (var c in changes)
            await AssertStatusAsync(HttpStatusCode.OK, await lead.GetAsync($"/api/changes/{c.GetProperty("id").GetGuid()}"));

        // Over the version first read: refused, nothing opened.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(new { items = new[] { new { questionId = question, decision = "Change practice",
            changes = new[] { new { title = "Late", ownerId = gp, dueOn = due } } } } }, read)).StatusCode);

        // A change without an owner names its own field, and nothing of that save is opened.
        var bad = await PutAsync(new { items = new[] { new { questionId = question, decision = "Change practice", changes = new object[]
            { new { title = "Teach the registrars", ownerId = gp, dueOn = due }, new { title = "Audit Z", dueOn = due } } } } });
        await AssertStatusAsync(HttpStatusCode.BadRequest, bad);
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("items[0].changes[1].ownerId", out _));

        // The older one-change form: saved again with the two already opened, only the new one opens.
        var older = await PutAsync(new { items = new[] { new { questionId = question, decision = "Change practice: stop X, audit Y.",
            change = new { title = "Tell the nurses", ownerId = nurse, dueOn = due }, changes = two } } });
        await AssertStatusAsync(HttpStatusCode.OK, older);
        Assert.Equal(["Stop X", "Audit Y", "Tell the nurses"],
            (await JsonAsync(older)).GetProperty("agenda")[0].GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("title").GetString()));
        await using (var db = Db())
            Assert.Equal(3, await db.Set<Impacte.Domain.Changes.PracticeChange>().CountAsync(c => c.MeetingId == id));
    }
}
