using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Questions;
using Impacte.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Api.Tests.Appraisals;

/// <summary>The Api on a FakeTimeProvider the test moves (its bearer tokens and cookies read it too).</summary>
public sealed class FakeClockApiFactory : ApiFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>"Due for review" is computed from the review-by date and the injected clock, in the API and on the pages.</summary>
public sealed class DueForReviewTests(FakeClockApiFactory api) : IClassFixture<FakeClockApiFactory>
{
    [Fact]
    public async Task APublishedAppraisalShowsDueForReviewOnceItsReviewByDateComes()
    {
        var today = AppraisalReview.Today(api.Clock);
        var (appraisalId, questionId) = await DriftData.PublishedAppraisalAsync(api.Database, today.AddDays(10));

        // Signed in before the clock moves (lead@), and after it (gp@, whose token is made at the new time).
        var before = await (await api.ClientForAsync("lead@example.org")).GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/appraisals/{appraisalId}");
        Assert.False(before.GetProperty("dueForReview").GetBoolean());
        Assert.Equal(today.AddDays(10).ToString("yyyy-MM-dd"), before.GetProperty("reviewBy").GetString());

        api.Clock.Advance(TimeSpan.FromDays(10));
        var gp = await api.ClientForAsync("gp@example.org");
        var after = await gp.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/appraisals/{appraisalId}");
        Assert.True(after.GetProperty("dueForReview").GetBoolean());
        var list = await gp.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/appraisals?questionId={questionId}");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.True(item.GetProperty("dueForReview").GetBoolean());

        var session = PageSession.For(api);
        await session.SignInAsync("gp@example.org");
        var page = await session.GetAsync($"/appraisals/{appraisalId}");
        Assert.Equal("Due for review", page.QuerySelector("[data-testid=due-for-review]")?.TextContent.Trim());
        var question = await session.GetAsync($"/questions/{questionId}");
        Assert.NotNull(question.QuerySelector("[data-testid=question-appraisals] [data-testid=due-for-review]"));
        var index = await session.GetAsync("/appraisals");
        Assert.NotNull(index.QuerySelector("[data-testid=appraisals] [data-testid=due-for-review]"));

        // A librarian looks again, finds it still stands, and sets a new date: no longer due. Members may not; the past is refused.
        var librarian = await api.ClientForAsync("librarian2@example.org");
        Assert.Equal(HttpStatusCode.Forbidden, (await gp.PutAsJsonAsync($"/api/appraisals/{appraisalId}/review-by", new { reviewBy = today.AddYears(3) })).StatusCode);
        var past = await librarian.PutAsJsonAsync($"/api/appraisals/{appraisalId}/review-by", new { reviewBy = today });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var renewed = await librarian.PutAsJsonAsync($"/api/appraisals/{appraisalId}/review-by", new { reviewBy = today.AddYears(3) });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.False((await renewed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("dueForReview").GetBoolean());
        Assert.Null((await session.GetAsync($"/appraisals/{appraisalId}")).QuerySelector("[data-testid=due-for-review]"));
    }

    [Fact]
    public async Task ALibrarianSetsANewReviewByDateOnTheAppraisalsPage()
    {
        var today = AppraisalReview.Today(api.Clock);
        var (appraisalId, _) = await DriftData.PublishedAppraisalAsync(api.Database, today.AddDays(-1));
        var session = PageSession.For(api);
        await session.SignInAsync("librarian@example.org");
        var page = await session.GetAsync($"/appraisals/{appraisalId}");
        Assert.NotNull(page.QuerySelector("[data-testid=due-for-review]"));
        var (response, after) = await session.SubmitAsync($"/appraisals/{appraisalId}",
            new Dictionary<string, string> { ["ReviewBy"] = today.AddYears(2).ToString("yyyy-MM-dd") }, handler: "ReviewBy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(after.QuerySelector("[data-testid=due-for-review]"));
        Assert.Contains(today.AddYears(2).ToString("d MMMM yyyy"), after.QuerySelector("[data-testid=review-by]")?.TextContent);

        var member = PageSession.For(api);
        await member.SignInAsync("gp@example.org");
        Assert.Null((await member.GetAsync($"/appraisals/{appraisalId}")).QuerySelector("[data-testid=review-by-form]"));
    }
}

/// <summary>
/// Publishing a newer appraisal of a question tells every club with a practice change resting on the older one (its
/// leads and the change's owner), once per change, in the publishing transaction; the change shows the newer one.
/// </summary>
public sealed class NewerAppraisalTests(ApiFactory api) : LibrarianTestBase(api)
{
    [Fact]
    public async Task PublishingANewerAppraisalTellsEachRestingChangesClubOnceAndTheChangeLinksToIt()
    {
        var (olderId, questionId) = await DriftData.PublishedAppraisalAsync(Api.Database, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(2));
        var inMiltonKeynes = await ChangeAsync(MiltonKeynes, olderId, ChangeStatus.InProgress);
        var inBedford = await ChangeAsync(Bedford, olderId, ChangeStatus.Implemented);
        var abandoned = await ChangeAsync(Luton, olderId, ChangeStatus.Abandoned);

        var lead = await As("lead@example.org");
        var change = await lead.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/changes/{inMiltonKeynes.Id}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, change.GetProperty("newerAppraisal").ValueKind);

        var newerId = await PublishThroughTheApiAsync(questionId);

        await using (var db = Db())
        {
            var notices = (await db.Outbox.Where(e => e.Kind == "newer-appraisal").ToListAsync())
                .Where(e => e.IdempotencyKey.Contains($":{newerId}:")).ToList();
            foreach (var (c, expected) in new[] { inMiltonKeynes, inBedford }.Select(c => (c, ExpectedRecipients(db, c))))
            {
                var toChange = notices.Where(e => e.IdempotencyKey.StartsWith($"newer-appraisal:{c.Id}:")).ToList();
                Assert.Equal(expected.Order(), toChange.Select(e => e.ToAddress).Order());
                Assert.All(toChange, e => Assert.Equal($"Newer evidence for your practice change: {c.Title}", e.Subject));
                Assert.All(toChange, e => Assert.Contains($"/appraisals/{newerId}", e.TextBody));
            }
            Assert.DoesNotContain(notices, e => e.IdempotencyKey.StartsWith($"newer-appraisal:{abandoned.Id}:"));
            Assert.Equal(notices.Count, notices.Select(e => e.IdempotencyKey).Distinct().Count());
            // Nothing told about the older appraisal's own publication, nor twice.
            Assert.Equal(notices.Count, ExpectedRecipients(db, inMiltonKeynes).Count + ExpectedRecipients(db, inBedford).Count);
        }

        change = await lead.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/changes/{inMiltonKeynes.Id}");
        Assert.Equal(newerId, change.GetProperty("newerAppraisal").GetProperty("id").GetGuid());
        Assert.Equal($"/appraisals/{newerId}", change.GetProperty("newerAppraisal").GetProperty("url").GetString());

        var session = PageSession.For(Api);
        await session.SignInAsync("lead@example.org");
        var page = await session.GetAsync($"/changes/{inMiltonKeynes.Id}");
        Assert.Equal($"/appraisals/{newerId}", page.QuerySelector("[data-testid=newer-appraisal-link]")?.GetAttribute("href"));
    }

    /// <summary>The club's leads and the change's owner (each once).</summary>
    private static List<string> ExpectedRecipients(Impacte.Domain.ImpacteDbContext db, PracticeChange change) =>
        db.Memberships.Where(m => m.ClubId == change.ClubId && (m.Role == ClubRole.Lead || m.UserId == change.OwnerId))
            .Select(m => m.User.Email!).Distinct().ToList();

    private async Task<PracticeChange> ChangeAsync(string odsCode, Guid appraisalId, ChangeStatus status)
    {
        var clubId = await ClubIdAsync(odsCode);
        await using var db = Db();
        var owner = await db.Memberships.Where(m => m.ClubId == clubId && m.Role == ClubRole.Member).OrderBy(m => m.UserId).Select(m => m.UserId).FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var change = new PracticeChange
        {
            ClubId = clubId, Title = $"Offer apixaban in AF ({odsCode} {Guid.NewGuid():N})"[..60], Description = "Adults with AF.", OwnerId = owner,
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(3), AppraisalId = appraisalId, Status = status,
            AbandonReason = status == ChangeStatus.Abandoned ? "No capacity." : null, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(change);
        await db.SaveChangesAsync();
        return change;
    }

    /// <summary>A second appraisal of the question, written by librarian@ and published by librarian2@ through the API.</summary>
    private async Task<Guid> PublishThroughTheApiAsync(Guid questionId)
    {
        var author = await As("librarian@example.org");
        var posted = await author.PostAsJsonAsync("/api/papers",
            new { title = $"Apixaban versus warfarin {Guid.NewGuid():N}", year = 2024, journal = "Lancet" });
        await AssertStatusAsync(HttpStatusCode.Created, posted);
        var paper = await JsonAsync(posted);
        var created = await author.PostAsJsonAsync("/api/appraisals", new { questionId, studyDesign = "rct" });
        await AssertStatusAsync(HttpStatusCode.Created, created);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/appraisals/{id}")
        {
            Content = JsonContent.Create(new
            {
                papers = new[] { new { paperId = paper.GetProperty("id").GetGuid() } },
                evidenceLevel = 1, grade = "high", bottomLine = "Newer trials confirm apixaban.", reviewBy = "2031-01-31", answers = Answered.All(),
            }),
        };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue(created.Headers.ETag!.Tag));
        await AssertStatusAsync(HttpStatusCode.OK, await author.SendAsync(patch));
        await AssertStatusAsync(HttpStatusCode.OK, await author.PostAsync($"/api/appraisals/{id}/submit", null));
        await AssertStatusAsync(HttpStatusCode.OK, await (await As("librarian2@example.org")).PostAsync($"/api/appraisals/{id}/publish", null));
        return id;
    }
}

internal static class DriftData
{
    /// <summary>A Milton Keynes question being searched, with a published appraisal (librarian@, checked by librarian2@).</summary>
    public static async Task<(Guid AppraisalId, Guid QuestionId)> PublishedAppraisalAsync(TestDatabase database, DateOnly reviewBy)
    {
        await using var db = database.CreateContext();
        var clubId = await db.Clubs.Where(c => c.OdsCode == "K83901").Select(c => c.Id).SingleAsync();
        var proposer = await db.Users.Where(u => u.Email == "gp@example.org").Select(u => u.Id).SingleAsync();
        var author = await db.Users.Where(u => u.Email == "librarian@example.org").Select(u => u.Id).SingleAsync();
        var checker = await db.Users.Where(u => u.Email == "librarian2@example.org").Select(u => u.Id).SingleAsync();
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var question = new ClinicalQuestion
        {
            ClubId = clubId, ProposerId = proposer, Population = $"adults with atrial fibrillation {tag}", Intervention = "apixaban",
            Comparison = "warfarin", Outcome = "stroke", Type = QuestionType.Therapy, Urgency = Urgency.Routine,
            Title = $"Apixaban in AF {tag}", Sentence = $"In adults with AF {tag}, does apixaban compared with warfarin reduce stroke?",
            Status = QuestionStatus.Searching, CreatedAt = now, UpdatedAt = now,
        };
        var appraisal = new Appraisal
        {
            QuestionId = question.Id, StudyDesign = StudyDesign.RandomisedControlledTrial, Status = AppraisalStatus.Published,
            AuthorId = author, CheckedById = checker, EvidenceLevel = 2, Grade = GradeCertainty.Moderate,
            BottomLine = "Apixaban prevents more strokes than warfarin.", ReviewBy = reviewBy,
            CreatedAt = now, UpdatedAt = now, SubmittedAt = now, PublishedAt = now,
        };
        db.Questions.Add(question);
        db.Appraisals.Add(appraisal);
        await db.SaveChangesAsync();
        return (appraisal.Id, question.Id);
    }
}
