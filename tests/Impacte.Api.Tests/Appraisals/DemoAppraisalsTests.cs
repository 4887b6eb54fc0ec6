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
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/appraisals/{id}")).StatusCode);
        Assert.True(await db.EvidenceSearches.AnyAsync(s => s.QuestionId == answered[0]));
    }
}
