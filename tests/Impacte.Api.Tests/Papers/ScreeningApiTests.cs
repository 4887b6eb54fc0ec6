using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Api.Tests.Appraisals;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Papers;

/// <summary>The librarian's work after an import: screening, the search record per database, releasing and handing over.</summary>
public sealed class ScreeningApiTests(ApiFactory api) : LibrarianTestBase(api)
{
    private async Task ImportAsync(HttpClient librarian, Guid questionId, string file = "wos-12records.txt")
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(CitationData.Bytes(file)), "file", file },
            { new StringContent(questionId.ToString()), "questionId" },
        };
        await AssertStatusAsync(HttpStatusCode.OK, await librarian.PostAsync("/api/papers/import", form));
    }

    private static async Task<int> PapersOfAsync(HttpClient librarian, Guid questionId)
    {
        var queue = await JsonAsync(await librarian.GetAsync("/api/librarian/queue?mine=true&pageSize=100"));
        return queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("questionId").GetGuid() == questionId).GetProperty("papers").GetInt32();
    }

    [Fact]
    public async Task AnImportForAQuestionWaitsForScreeningAndOnlyIncludedPapersAreAttached()
    {
        var questionId = await QuestionAsync();
        var librarian = await As("librarian@example.org");
        // The same export twice, as from two databases: PRISMA counts the second copy as duplicates removed.
        await ImportAsync(librarian, questionId);
        await ImportAsync(librarian, questionId);

        var screening = await JsonAsync(await librarian.GetAsync($"/api/questions/{questionId}/screening?pending=true&pageSize=100"));
        var counts = screening.GetProperty("counts");
        Assert.Equal((24, 12, 0, 12, 0), (counts.GetProperty("found").GetInt32(), counts.GetProperty("duplicatesRemoved").GetInt32(),
            counts.GetProperty("screened").GetInt32(), counts.GetProperty("pending").GetInt32(), counts.GetProperty("included").GetInt32()));
        var records = screening.GetProperty("records").GetProperty("items").EnumerateArray().Select(r => r.GetProperty("paperId").GetGuid()).ToList();
        Assert.Equal(12, records.Count);
        Assert.Equal(0, await PapersOfAsync(librarian, questionId));

        var included = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{records[0]}", new { decision = "include" });
        await AssertStatusAsync(HttpStatusCode.OK, included);
        Assert.Equal("included", (await JsonAsync(included)).GetProperty("decision").GetString());
        await AssertStatusAsync(HttpStatusCode.OK, await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{records[1]}",
            new { decision = "exclude", reason = "wrong-population" }));

        var noReason = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{records[2]}", new { decision = "exclude" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await JsonAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _));
        var otherWithoutWords = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{records[2]}", new { decision = "exclude", reason = "other" });
        Assert.True((await JsonAsync(otherWithoutWords)).GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{records[2]}",
            new { decision = "exclude", reason = "too-long" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{Guid.NewGuid()}",
            new { decision = "include" })).StatusCode);

        counts = (await JsonAsync(await librarian.GetAsync($"/api/questions/{questionId}/screening"))).GetProperty("counts");
        Assert.Equal((2, 10, 1, 1), (counts.GetProperty("screened").GetInt32(), counts.GetProperty("pending").GetInt32(),
            counts.GetProperty("included").GetInt32(), counts.GetProperty("excluded").GetInt32()));
        Assert.Equal("wrong-population", Assert.Single(counts.GetProperty("excludedBy").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal(1, await PapersOfAsync(librarian, questionId));

        // Changing one's mind: excluding the included paper detaches it.
        await AssertStatusAsync(HttpStatusCode.OK, await librarian.PostAsJsonAsync($"/api/questions/{questionId}/screening/{records[0]}",
            new { decision = "exclude", reason = "other", note = "Conference abstract only" }));
        Assert.Equal(0, await PapersOfAsync(librarian, questionId));
    }

    [Fact]
    public async Task EachDatabaseSearchedIsOneEntryAndTheSearchRecordFollowsThem()
    {
        var questionId = await QuestionAsync();
        var librarian = await As("librarian@example.org");

        var bad = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/search/entries", new { database = "", strategy = " ", hits = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        foreach (var field in new[] { "database", "strategy", "searchedOn", "hits" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var pubmed = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/search/entries",
            new { database = "PubMed", searchedOn = "2026-11-02", strategy = "acne[mh] AND phototherapy[mh]", hits = 40 });
        await AssertStatusAsync(HttpStatusCode.Created, pubmed);
        await AssertStatusAsync(HttpStatusCode.Created, await librarian.PostAsJsonAsync($"/api/questions/{questionId}/search/entries",
            new { database = "Cochrane Library", searchedOn = "2026-11-01", strategy = "acne AND blue light", hits = 12 }));

        var entries = (await JsonAsync(await librarian.GetAsync($"/api/questions/{questionId}/search/entries"))).EnumerateArray().ToList();
        Assert.Equal(["Cochrane Library", "PubMed"], entries.Select(e => e.GetProperty("database").GetString()));
        Assert.Equal(40, entries[1].GetProperty("hits").GetInt32());

        // The search record shown with the appraisal adds them up.
        await using (var db = Db())
        {
            var search = await db.EvidenceSearches.SingleAsync(s => s.QuestionId == questionId);
            Assert.Equal(["Cochrane Library", "PubMed"], search.Sources);
            Assert.Equal((52, new DateOnly(2026, 11, 2)), (search.Found, search.SearchedOn));
        }

        var id = (await JsonAsync(pubmed)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await librarian.DeleteAsync($"/api/questions/{questionId}/search/entries/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await librarian.DeleteAsync($"/api/questions/{questionId}/search/entries/{id}")).StatusCode);
        Assert.Single((await JsonAsync(await librarian.GetAsync($"/api/questions/{questionId}/search/entries"))).EnumerateArray());
    }

    [Fact]
    public async Task TheLibrarianHoldingAQuestionReleasesItBackToTheQueueAndNobodyElseCan()
    {
        var questionId = await QuestionAsync(takenBy: "librarian@example.org");

        Assert.Equal(HttpStatusCode.Forbidden, (await (await As("librarian2@example.org")).PostAsync($"/api/questions/{questionId}/release", null)).StatusCode);
        var released = await (await As("librarian@example.org")).PostAsync($"/api/questions/{questionId}/release", null);

        await AssertStatusAsync(HttpStatusCode.OK, released);
        Assert.Equal("accepted", (await JsonAsync(released)).GetProperty("status").GetString());
        Assert.Equal(QuestionStatus.Accepted, await StatusOfAsync(questionId));
        var queue = await JsonAsync(await (await As("librarian2@example.org")).GetAsync("/api/librarian/queue?pageSize=100"));
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("questionId").GetGuid() == questionId);
        Assert.Equal(HttpStatusCode.Conflict, (await (await As("librarian@example.org")).PostAsync($"/api/questions/{questionId}/release", null)).StatusCode);
    }

    [Fact]
    public async Task AQuestionHandedToAnotherLibrarianIsTheirsAndTheyAreToldByEmail()
    {
        var questionId = await QuestionAsync(takenBy: "librarian@example.org");
        var librarian = await As("librarian@example.org");
        var to = await UserIdAsync("librarian2@example.org");

        var toAGp = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/handover", new { toUserId = await UserIdAsync("gp@example.org") });
        Assert.Equal(HttpStatusCode.BadRequest, toAGp.StatusCode);
        Assert.True((await JsonAsync(toAGp)).GetProperty("errors").TryGetProperty("toUserId", out _));

        var handed = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/handover", new { toUserId = to });
        await AssertStatusAsync(HttpStatusCode.OK, handed);

        var theirs = await JsonAsync(await (await As("librarian2@example.org")).GetAsync("/api/librarian/queue?mine=true&pageSize=100"));
        Assert.Contains(theirs.GetProperty("items").EnumerateArray(), i => i.GetProperty("questionId").GetGuid() == questionId);
        var mine = await JsonAsync(await librarian.GetAsync("/api/librarian/queue?mine=true&pageSize=100"));
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("questionId").GetGuid() == questionId);
        await using var db = Db();
        var email = await db.Outbox.SingleAsync(e => e.Kind == "question-handed-over" && e.RecipientId == to && e.IdempotencyKey.Contains(questionId.ToString()));
        Assert.Equal("librarian2@example.org", email.ToAddress);
        Assert.StartsWith("Handed to you: Blue light for acne", email.Subject);
        // The one who handed it over no longer holds it.
        Assert.Equal(HttpStatusCode.Forbidden, (await librarian.PostAsync($"/api/questions/{questionId}/release", null)).StatusCode);
    }
}
