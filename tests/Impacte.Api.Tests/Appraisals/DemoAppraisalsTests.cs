using System.Net;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Appraisals;

public sealed class DemoAppraisalsTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task EveryAnsweredDemoQuestionHasAPublishedAppraisalThatAGpCanRead()
    {
        await using var db = Db();
        var answered = await db.Questions.Where(q => q.Status == QuestionStatus.Answered).Select(q => q.Id).ToListAsync();
        var published = await db.Appraisals.Where(a => a.Status == AppraisalStatus.Published).Select(a => a.QuestionId).ToListAsync();

        Assert.NotEmpty(answered);
        Assert.Subset(published.ToHashSet(), answered.ToHashSet());
        var gp = await As("gp.luton@example.org");
        var id = await db.Appraisals.Where(a => a.QuestionId == answered[0]).Select(a => a.Id).FirstAsync();
        var appraisal = await JsonAsync(await gp.GetAsync($"/api/appraisals/{id}"));
        Assert.Equal(answered[0], appraisal.GetProperty("question").GetProperty("id").GetGuid());
        Assert.Contains("Cochrane Library", appraisal.GetProperty("search").GetProperty("sources").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task MembersFindPublishedTopicsOnTheListAndOnTheirQuestionsPage()
    {
        var session = Pages.PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        await using var db = Db();
        // An answered question: the whole network may read it, whichever club asked it.
        var appraisal = await db.Appraisals.Where(a => a.Status == AppraisalStatus.Published &&
            db.Questions.Any(q => q.Id == a.QuestionId && q.Status == QuestionStatus.Answered)).OrderByDescending(a => a.PublishedAt).FirstAsync();

        var list = await session.GetAsync("/appraisals");
        Assert.NotNull(list.QuerySelector($"[data-testid=appraisals] a[href='/appraisals/{appraisal.Id}']"));
        var question = await session.GetAsync($"/questions/{appraisal.QuestionId}");
        Assert.NotNull(question.QuerySelector($"[data-testid=question-appraisals] a[href='/appraisals/{appraisal.Id}']"));
    }
}
