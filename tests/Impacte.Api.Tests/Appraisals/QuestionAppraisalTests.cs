using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Appraisals;

/// <summary>Appraisals as part of the loop: which questions take one, who sees drafts, and publishing moving the question.</summary>
public sealed class QuestionAppraisalTests(ApiFactory api) : LibrarianTestBase(api)
{
    [Fact]
    public async Task PublishingMovesTheQuestionFromSearchingToAppraisedAndRecordsIt()
    {
        var questionId = await QuestionAsync();
        var id = await SubmittedAsync(questionId);

        var published = await (await As("librarian2@example.org")).PostAsync($"/api/appraisals/{id}/publish", null);

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(QuestionStatus.Appraised, await StatusOfAsync(questionId));
        await using var db = Db();
        var step = await db.QuestionTransitions.Where(t => t.QuestionId == questionId).OrderByDescending(t => t.At).FirstAsync();
        Assert.Equal((QuestionStatus.Searching, QuestionStatus.Appraised, await UserIdAsync("librarian2@example.org")), (step.FromStatus, step.ToStatus, step.ById!.Value));

        // A second appraisal of the same question leaves it where it is.
        var second = await SubmittedAsync(questionId);
        Assert.Equal(HttpStatusCode.OK, (await (await As("librarian2@example.org")).PostAsync($"/api/appraisals/{second}/publish", null)).StatusCode);
        Assert.Equal(QuestionStatus.Appraised, await StatusOfAsync(questionId));
    }

    [Theory]
    [InlineData(QuestionStatus.Proposed)]
    [InlineData(QuestionStatus.Accepted)]
    [InlineData(QuestionStatus.Declined)]
    public async Task OnlyAQuestionALibrarianHasTakenIsAppraised(QuestionStatus status)
    {
        var questionId = await QuestionAsync(status);
        var response = await (await As("librarian@example.org")).PostAsJsonAsync("/api/appraisals", new { questionId, studyDesign = "cohort" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownQuestionIsAFieldError()
    {
        var response = await (await As("librarian@example.org")).PostAsJsonAsync("/api/appraisals", new { questionId = Guid.NewGuid(), studyDesign = "cohort" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("questionId", out _));
    }

    [Fact]
    public async Task TheQuestionsClubLeadSeesTheDraftOtherLeadsAndMembersDoNot()
    {
        var questionId = await QuestionAsync(odsCode: MiltonKeynes);
        var created = await (await As("librarian@example.org")).PostAsJsonAsync("/api/appraisals", new { questionId, studyDesign = "rct" });
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await (await As("lead@example.org")).GetAsync($"/api/appraisals/{id}")).StatusCode);
        var leadList = await JsonAsync(await (await As("lead@example.org")).GetAsync($"/api/appraisals?questionId={questionId}"));
        Assert.Equal(1, leadList.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("lead.bedford@example.org")).GetAsync($"/api/appraisals/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("gp@example.org")).GetAsync($"/api/appraisals/{id}")).StatusCode);
        Assert.Equal(0, (await JsonAsync(await (await As("gp@example.org")).GetAsync($"/api/appraisals?questionId={questionId}"))).GetProperty("total").GetInt32());
    }

    private async Task<Guid> SubmittedAsync(Guid questionId)
    {
        var client = await As("librarian@example.org");
        var paper = await JsonAsync(await client.PostAsJsonAsync("/api/papers", new { title = $"Trial {Guid.NewGuid():N}", year = 2020 }));
        var created = await client.PostAsJsonAsync("/api/appraisals", new { questionId, studyDesign = "rct" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new
            {
                papers = new[] { new { paperId = paper.GetProperty("id").GetGuid() } },
                evidenceLevel = 2, grade = "moderate", bottomLine = "Offer it.", reviewBy = "2028-06-30", answers = Answered.All(),
            }),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(created.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/appraisals/{id}/submit", null)).StatusCode);
        return id;
    }
}
