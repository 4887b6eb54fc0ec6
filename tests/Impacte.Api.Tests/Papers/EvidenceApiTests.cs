using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Impacte.Api.Tests.Appraisals;
using Impacte.Domain.Questions;
using Impacte.Testing;

namespace Impacte.Api.Tests.Papers;

public sealed class EvidenceApiTests(ApiFactory api) : LibrarianTestBase(api)
{
    [Fact]
    public async Task TheQueueListsAcceptedQuestionsMostUrgentFirstAndMineListsWhatITook()
    {
        var routine = await QuestionAsync(QuestionStatus.Accepted, urgency: Urgency.Routine);
        var urgent = await QuestionAsync(QuestionStatus.Accepted, odsCode: Luton, urgency: Urgency.Urgent);
        var taken = await QuestionAsync(QuestionStatus.Searching, takenBy: "librarian2@example.org");
        var librarian2 = await As("librarian2@example.org");

        var queue = await JsonAsync(await librarian2.GetAsync("/api/librarian/queue?pageSize=100"));
        var ids = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("questionId").GetGuid()).ToList();
        Assert.True(ids.IndexOf(urgent) >= 0 && ids.IndexOf(urgent) < ids.IndexOf(routine));
        Assert.DoesNotContain(taken, ids);

        var mine = await JsonAsync(await librarian2.GetAsync("/api/librarian/queue?mine=true"));
        var item = Assert.Single(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("questionId").GetGuid() == taken);
        Assert.Equal("searching", item.GetProperty("status").GetString());
        var other = await JsonAsync(await (await As("librarian@example.org")).GetAsync("/api/librarian/queue?mine=true&pageSize=100"));
        Assert.DoesNotContain(other.GetProperty("items").EnumerateArray(), i => i.GetProperty("questionId").GetGuid() == taken);
    }

    [Fact]
    public async Task AReleasedQuestionWaitsInTheQueueFromItsReleaseBehindThoseAcceptedBeforeIt()
    {
        var first = await QuestionAsync(QuestionStatus.Accepted);
        var second = await QuestionAsync(QuestionStatus.Accepted);
        var released = await QuestionAsync(QuestionStatus.Searching, takenBy: "librarian2@example.org");
        var librarian2 = await As("librarian2@example.org");
        var before = DateTimeOffset.UtcNow;
        await AssertStatusAsync(HttpStatusCode.OK, await librarian2.PostAsync($"/api/questions/{released}/release", null));

        var queue = (await JsonAsync(await librarian2.GetAsync("/api/librarian/queue?pageSize=100"))).GetProperty("items").EnumerateArray().ToList();
        var ids = queue.Select(i => i.GetProperty("questionId").GetGuid()).ToList();
        Assert.True(ids.IndexOf(first) < ids.IndexOf(second) && ids.IndexOf(second) < ids.IndexOf(released), string.Join(", ", ids));
        var item = queue.Single(i => i.GetProperty("questionId").GetGuid() == released);
        Assert.True(item.GetProperty("since").GetDateTimeOffset() >= before.AddSeconds(-1), item.ToString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("takenById").ValueKind);
    }

    [Fact]
    public async Task PapersAreAttachedOnceAndDetached()
    {
        var questionId = await QuestionAsync();
        var librarian = await As("librarian@example.org");
        var posted = await librarian.PostAsJsonAsync("/api/papers", new { title = $"Paper {Guid.NewGuid():N}" });
        await AssertStatusAsync(HttpStatusCode.Created, posted);
        var paperId = (await JsonAsync(posted)).GetProperty("id").GetGuid();

        for (var i = 0; i < 2; i++)
        {
            var linked = await librarian.PostAsJsonAsync($"/api/questions/{questionId}/papers", new { paperId });
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
            Assert.Equal(paperId, Assert.Single((await JsonAsync(linked)).GetProperty("papers").EnumerateArray()).GetProperty("id").GetGuid());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await librarian.PostAsJsonAsync($"/api/questions/{questionId}/papers", new { paperId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await librarian.DeleteAsync($"/api/questions/{questionId}/papers/{paperId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await librarian.DeleteAsync($"/api/questions/{questionId}/papers/{paperId}")).StatusCode);
    }

    [Fact]
    public async Task AnImportForAQuestionAttachesNoPaperUntilTheLibrarianIncludesIt()
    {
        var questionId = await QuestionAsync();
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(CitationData.Bytes("wos-12records.txt")), "file", "savedrecs.txt" },
            { new StringContent(questionId.ToString()), "questionId" },
        };

        var response = await (await As("librarian@example.org")).PostAsync("/api/papers/import", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queue = await JsonAsync(await (await As("librarian@example.org")).GetAsync("/api/librarian/queue?mine=true&pageSize=100"));
        Assert.Equal(0, queue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("questionId").GetGuid() == questionId).GetProperty("papers").GetInt32());
        var screening = await JsonAsync(await (await As("librarian@example.org")).GetAsync($"/api/questions/{questionId}/screening"));
        Assert.Equal(12, screening.GetProperty("counts").GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task AFileForAQuestionThatCannotTakeEvidenceIsNotImported()
    {
        var questionId = await QuestionAsync(QuestionStatus.Proposed);
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"TY  - JOUR\nTI  - Never imported {Guid.NewGuid():N}\nER  - \n")), "file", "x.ris" },
            { new StringContent(questionId.ToString()), "questionId" },
        };
        Assert.Equal(HttpStatusCode.Conflict, (await (await As("librarian@example.org")).PostAsync("/api/papers/import", form)).StatusCode);
    }

    [Fact]
    public async Task TheSearchIsRecordedWithItsOutcomeAndBadRecordsAreRefused()
    {
        var questionId = await QuestionAsync();
        var librarian = await As("librarian@example.org");

        var bad = await librarian.PutAsJsonAsync($"/api/questions/{questionId}/search", new { sources = Array.Empty<string>(), strategy = "", found = 3, relevant = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        foreach (var field in new[] { "sources", "strategy", "searchedOn", "relevant" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var saved = await librarian.PutAsJsonAsync($"/api/questions/{questionId}/search", new
        {
            sources = new[] { "NICE CKS", "Cochrane Library", "PubMed", "TRIP" }, strategy = "(acne) AND (blue light OR phototherapy)",
            searchedOn = "2026-11-01", found = 40, relevant = 6, insufficientQuality = 2,
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("40 found, 6 relevant, 2 of insufficient quality", (await JsonAsync(saved)).GetProperty("outcome").GetString());
    }
}
