using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Api.Tests.Papers;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Appraisals;

/// <summary>
/// A published appraisal is the network's topic; the question it answers stays its club's until answered. A member of
/// another club reads the bottom line, papers and results, never the question's title, PICO, club, search or document.
/// </summary>
public sealed class AppraisalVisibilityTests(ApiFactory api) : LibrarianTestBase(api)
{
    private const string BottomLine = "Blue light may reduce lesions a little. The evidence is weak.";

    [Fact]
    public async Task AnotherClubsMemberReadsThePublishedTopicWithoutItsQuestionUntilTheQuestionIsAnswered()
    {
        var (id, questionId, title, clubName) = await PublishedInBedfordAsync();
        var pico = "adults with acne " + title[^6..];
        var gp = await As("gp@example.org"); // Milton Keynes only

        // API: the topic, without the question's private parts.
        var response = await gp.GetAsync($"/api/appraisals/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("Appraised topic: Blue light may reduce lesions a little", body.GetProperty("topic").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("question").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("search").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("document").ValueKind);
        Assert.Equal(BottomLine, body.GetProperty("bottomLine").GetString());
        Assert.Equal(2, body.GetProperty("evidenceLevel").GetInt32());
        Assert.Single(body.GetProperty("papers").EnumerateArray());
        Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.DoesNotContain(title, raw);
        Assert.DoesNotContain(pico, raw);
        Assert.DoesNotContain(clubName, raw);

        var list = await gp.GetAsync($"/api/appraisals?questionId={questionId}");
        var listRaw = await list.Content.ReadAsStringAsync();
        Assert.Equal("Appraised topic: Blue light may reduce lesions a little",
            JsonDocument.Parse(listRaw).RootElement.GetProperty("items")[0].GetProperty("topic").GetString());
        Assert.DoesNotContain(title, listRaw);
        Assert.Equal(HttpStatusCode.NotFound, (await gp.GetAsync($"/api/appraisals/{id}/document")).StatusCode);

        // Pages: the list and the one-page topic.
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        var listPage = await session.GetAsync("/appraisals");
        var entry = listPage.QuerySelectorAll("[data-testid=appraisals] li").Single(li => li.QuerySelector($"a[href='/appraisals/{id}']") is not null);
        Assert.Contains("Appraised topic: Blue light may reduce lesions a little", entry.TextContent);
        Assert.DoesNotContain(clubName, entry.TextContent);
        Assert.DoesNotContain(title, listPage.DocumentElement.OuterHtml);
        var cat = await session.GetAsync($"/appraisals/{id}");
        Assert.Equal("Appraised topic: Blue light may reduce lesions a little", cat.QuerySelector("[data-testid=question-title]")!.TextContent);
        Assert.Equal(BottomLine, cat.QuerySelector("[data-testid=bottom-line]")!.TextContent);
        Assert.Null(cat.QuerySelector("[data-testid=question]"));
        Assert.Null(cat.QuerySelector("[data-testid=search]"));
        Assert.DoesNotContain(title, cat.DocumentElement.OuterHtml);
        Assert.DoesNotContain(pico, cat.DocumentElement.OuterHtml);
        Assert.DoesNotContain(clubName, cat.DocumentElement.OuterHtml);
        Assert.DoesNotContain("acne AND", cat.DocumentElement.OuterHtml);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync($"/appraisals/{id}?handler=Document")).StatusCode);

        // The question's own club sees it all.
        var bedford = await JsonAsync(await (await As("lead.bedford@example.org")).GetAsync($"/api/appraisals/{id}"));
        Assert.Equal(title, bedford.GetProperty("question").GetProperty("title").GetString());
        Assert.Equal(bedford.GetProperty("question").GetProperty("title").GetString(), bedford.GetProperty("topic").GetString());
        Assert.Equal(clubName, bedford.GetProperty("question").GetProperty("clubName").GetString());

        // Answered, the question is the network's: now everyone sees it.
        await using (var db = Db())
            await db.Questions.Where(q => q.Id == questionId).ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, QuestionStatus.Answered));
        var answered = await JsonAsync(await gp.GetAsync($"/api/appraisals/{id}"));
        Assert.Equal(title, answered.GetProperty("topic").GetString());
        Assert.Equal(clubName, answered.GetProperty("question").GetProperty("clubName").GetString());
        Assert.Contains("acne AND", answered.GetProperty("search").GetProperty("strategy").GetString());
        Assert.NotEqual(JsonValueKind.Null, answered.GetProperty("document").ValueKind);
        var answeredPage = await session.GetAsync($"/appraisals/{id}");
        Assert.Contains(pico, answeredPage.QuerySelector("[data-testid=question]")!.TextContent);
        Assert.Contains(clubName, answeredPage.QuerySelector(".nhsuk-caption-l")!.TextContent);
        var answeredEntry = (await session.GetAsync("/appraisals")).QuerySelectorAll("[data-testid=appraisals] li")
            .Single(li => li.QuerySelector($"a[href='/appraisals/{id}']") is not null);
        Assert.Contains(title, answeredEntry.TextContent);
        Assert.Contains(clubName, answeredEntry.TextContent);
    }

    /// <summary>A Bedford question with its search recorded and a published appraisal with a document.</summary>
    private async Task<(Guid Id, Guid QuestionId, string Title, string ClubName)> PublishedInBedfordAsync()
    {
        var questionId = await QuestionAsync(odsCode: Bedford);
        string title, clubName;
        await using (var db = Db())
        {
            var q = await db.Questions.Where(q => q.Id == questionId).Select(q => new { q.Title, ClubName = q.Club.Name }).SingleAsync();
            (title, clubName) = (q.Title, q.ClubName);
        }
        var tag = title[^6..];
        var author = await As("librarian@example.org");
        Assert.Equal(HttpStatusCode.OK, (await author.PutAsJsonAsync($"/api/questions/{questionId}/search", new
        {
            sources = new[] { "Cochrane Library" }, strategy = $"acne AND blue light {tag}", searchedOn = "2026-11-20", found = 40, relevant = 6,
        })).StatusCode);
        var paper = await JsonAsync(await author.PostAsJsonAsync("/api/papers", new { title = $"Light for acne {Guid.NewGuid():N}", year = 2016 }));
        var created = await author.PostAsJsonAsync("/api/appraisals", new { questionId, studyDesign = "rct" });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new
            {
                papers = new[] { new { paperId = paper.GetProperty("id").GetGuid(), population = "Adults" } },
                results = new[] { new { outcome = "Lesion count", measure = "MD", value = -4.5m } },
                evidenceLevel = 2, grade = "low", bottomLine = BottomLine, reviewBy = "2028-01-31", narrative = "Small trials.", answers = Answered.All(),
            }),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(created.Headers.ETag!.Tag));
        var patched = await author.SendAsync(patch);
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync());
        var upload = await author.PutAsync($"/api/appraisals/{id}/document",
            PapersApiTests.File(Encoding.UTF8.GetBytes($"# {title}\n\nThe appraisal."), "cat.md"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await author.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await As("librarian2@example.org")).PostAsync($"/api/appraisals/{id}/publish", null)).StatusCode);
        return (id, questionId, title, clubName);
    }
}
