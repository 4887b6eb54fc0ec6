using System.Net;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Meetings;
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
    public async Task EveryDemoSearchRecordKeepsOneEntryPerDatabaseSearchedWithItsDateStrategyAndHits()
    {
        await using var db = Db();
        var searched = await db.EvidenceSearches.Select(s => s.QuestionId).ToListAsync();
        var entries = await db.SearchEntries.ToListAsync();

        Assert.NotEmpty(searched);
        foreach (var question in searched)
        {
            var mine = entries.Where(e => e.QuestionId == question).ToList();
            Assert.Equal(["Cochrane Library", "Embase", "MEDLINE via PubMed", "TRIP"], mine.Select(e => e.Database).Order(StringComparer.Ordinal));
            Assert.All(mine, e => Assert.True(e.Hits > 0 && e.Strategy.Length > 20 && e.SearchedOn != default && e.RecordedById is not null));
            var search = await db.EvidenceSearches.SingleAsync(s => s.QuestionId == question);
            Assert.Equal(mine.Sum(e => e.Hits), search.Found);
            Assert.Equal(mine.Max(e => e.SearchedOn), search.SearchedOn);
        }
        Assert.Contains(entries, e => e.Database == "MEDLINE via PubMed" && e.Strategy.Contains("[tiab]", StringComparison.Ordinal));
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

    [Fact]
    public async Task EveryDemoAppraisalAnswersItsWholeChecklistAndStructuresItsKeyResults()
    {
        await using var db = Db();
        var appraisals = await db.Appraisals.Include(a => a.Answers).Include(a => a.Results)
            .Where(a => a.Status == AppraisalStatus.Published && a.Author.Email == "librarian@example.org").ToListAsync();

        Assert.True(appraisals.Count >= 10, $"{appraisals.Count} demo appraisals");
        Assert.All(appraisals, a => Assert.Empty(AppraisalRules.Unanswered(a)));
        Assert.All(appraisals, a => Assert.NotEmpty(a.Results));
        Assert.All(appraisals.SelectMany(a => a.Results), r => Assert.NotNull(EffectSizes.Find(r.Measure)));
        // Where the outcome is an event to prevent, the control event rate gives an NNT (CREDENCE, DPP, short-course UTI…).
        Assert.True(appraisals.SelectMany(a => a.Results).Count(r => r.Absolute is not null) >= 5);
    }

    [Fact]
    public async Task ADemoTopicOpensWithItsBottomLineAndLinksItsPaperQuestionMeetingAndDecision()
    {
        var session = Pages.PageSession.For(Api);
        await session.SignInAsync("gp@example.org"); // a Milton Keynes member
        await using var db = Db();
        var question = await db.Questions.SingleAsync(q => q.Club.OdsCode == MiltonKeynes && q.Population == "adults with type 2 diabetes and chronic kidney disease");
        var appraisal = await db.Appraisals.SingleAsync(a => a.QuestionId == question.Id && a.Status == AppraisalStatus.Published);
        // The meeting that discussed it and the change it agreed (seeds/changes.csv is not loaded for API tests).
        var meeting = new Meeting
        {
            ClubId = question.ClubId, StartsAt = DateTimeOffset.UtcNow.AddDays(-30), EndsAt = DateTimeOffset.UtcNow.AddDays(-30).AddHours(1),
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-60),
        };
        meeting.Agenda.Add(new AgendaItem { MeetingId = meeting.Id, Position = 1, QuestionId = question.Id, Outcome = "**Change practice.** Offer it." });
        db.Meetings.Add(meeting);
        db.Add(new PracticeChange
        {
            ClubId = question.ClubId, Title = "Offer an SGLT2 inhibitor at the diabetes review", Description = "At every review.",
            OwnerId = await UserIdAsync("gp@example.org"), DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)), QuestionId = question.Id,
            AppraisalId = appraisal.Id, MeetingId = meeting.Id, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();

        var page = await session.GetAsync($"/appraisals/{appraisal.Id}");

        var cat = page.QuerySelector("[data-testid=cat]")!;
        Assert.Equal("bottom-line-card", cat.FirstElementChild!.GetAttribute("data-testid"));
        Assert.Equal("https://doi.org/10.1056/nejmoa1811744", page.QuerySelector("[data-testid=doi]")!.GetAttribute("href"));
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/30990260/", page.QuerySelector("[data-testid=pubmed]")!.GetAttribute("href"));
        Assert.Equal($"/questions/{question.Id}", page.QuerySelector("[data-testid=question-link]")!.GetAttribute("href"));
        Assert.Contains("Population", page.QuerySelector("[data-testid=pico]")!.TextContent);
        Assert.StartsWith("/meetings/", page.QuerySelector("[data-testid=discussions] a")!.GetAttribute("href"));
        Assert.Contains("Offer an SGLT2 inhibitor", page.QuerySelector("[data-testid=decisions]")!.TextContent);
        var result = page.QuerySelector("[data-testid=result]")!.TextContent;
        Assert.Contains("Hazard ratio 0.7 (0.59 to 0.82)", result);
        Assert.Contains("Treat 23 people for 2.6 years to prevent one kidney failure", result);
        // Every checklist question answered, in words people use; no codes.
        var text = cat.TextContent;
        Assert.DoesNotContain("Not answered", text);
        Assert.DoesNotContain("–", page.QuerySelector("[data-testid=checklist]")!.TextContent);
        Assert.Contains("Randomised controlled trial", text);
        Assert.DoesNotMatch(@"\b(rct|very-low|systematic-review|cant-tell)\b", text);

        // The API says the same: the meeting and the decision, with their pages.
        var body = await JsonAsync(await (await As("gp@example.org")).GetAsync($"/api/appraisals/{appraisal.Id}"));
        Assert.Equal($"/meetings/{meeting.Id}", body.GetProperty("discussions")[0].GetProperty("url").GetString());
        Assert.Equal("agreed", body.GetProperty("decisions")[0].GetProperty("status").GetString());
        Assert.Equal("10.1056/nejmoa1811744", body.GetProperty("papers")[0].GetProperty("doi").GetString());
    }
}
